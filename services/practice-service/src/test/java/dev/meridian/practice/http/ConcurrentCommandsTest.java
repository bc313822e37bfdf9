package dev.meridian.practice.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.events.EmotionalResponseNoted;
import dev.meridian.events.SessionCancelled;
import dev.meridian.events.SessionCompleted;
import dev.meridian.practice.PracticeServiceApplication;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Conflicting commands on one session at the same time: every request gets 204 or 409 (never a 500), the stream
 * has no gap and no duplicate sequence number, every accepted command's event is in it, and nothing follows the
 * session's end. With two nodes on one event store, a node that acted on a stale copy of the session loses the
 * race at the unique (aggregate, sequence) index: 409, and nothing of it is written.
 */
class ConcurrentCommandsTest extends HttpApiTest {

    private static final int THREADS = 12;

    @Autowired
    EventStore eventStore;

    enum Kind { NOTE, COMPLETE, CANCEL }

    record Outcome(Kind kind, int status, String type) {
    }

    private static Map<String, Object> body(Kind kind) {
        return switch (kind) {
            case NOTE -> Map.of("phase", "DURING_RELEASE", "intensity", "MILD", "traumaRelated", "UNKNOWN");
            case COMPLETE -> Map.of("postTreatmentPain", 2);
            case CANCEL -> Map.of("reason", "CANCELLED");
        };
    }

    private static String path(String sessionId, Kind kind) {
        return "/api/sessions/" + sessionId + switch (kind) {
            case NOTE -> "/emotional-responses";
            case COMPLETE -> "/complete";
            case CANCEL -> "/cancel";
        };
    }

    private static Outcome send(Api node, String sessionId, Kind kind) {
        Api.Response response = node.post(path(sessionId, kind), body(kind));
        return new Outcome(kind, response.status(), response.text("type"));
    }

    /** Sends all the commands at once, spread over the nodes, and returns each one's outcome. */
    private List<Outcome> race(List<Api> nodes, String sessionId, List<Kind> kinds) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Outcome>> futures = new ArrayList<>();
            for (int i = 0; i < kinds.size(); i++) {
                Api node = nodes.get(i % nodes.size());
                Kind kind = kinds.get(i);
                futures.add(pool.submit(() -> {
                    start.await();
                    return send(node, sessionId, kind);
                }));
            }
            start.countDown();
            List<Outcome> outcomes = new ArrayList<>();
            for (Future<Outcome> future : futures) {
                outcomes.add(future.get(60, TimeUnit.SECONDS));
            }
            return outcomes;
        } finally {
            pool.shutdownNow();
        }
    }

    private static List<Kind> shuffled(int notes, int completes, int cancels) {
        List<Kind> kinds = new ArrayList<>();
        kinds.addAll(Collections.nCopies(notes, Kind.NOTE));
        kinds.addAll(Collections.nCopies(completes, Kind.COMPLETE));
        kinds.addAll(Collections.nCopies(cancels, Kind.CANCEL));
        Collections.shuffle(kinds);
        return kinds;
    }

    private static long accepted(List<Outcome> outcomes, Kind kind) {
        return outcomes.stream().filter(o -> o.kind() == kind && o.status() == 204).count();
    }

    /** No gap, no duplicate, every accepted command's event present, and the end of the session last. */
    private void assertStreamMatches(String sessionId, long eventsBefore, long notesBefore, List<Outcome> outcomes) {
        List<? extends DomainEventMessage<?>> stream = eventStore.readEvents(sessionId, 0).asStream().toList();
        assertThat(stream).extracting(DomainEventMessage::getSequenceNumber)
                .containsExactlyElementsOf(LongStream.range(0, stream.size()).boxed().toList());
        long acceptedInRace = outcomes.stream().filter(o -> o.status() == 204).count();
        assertThat(stream).hasSize((int) (eventsBefore + acceptedInRace));
        assertThat(eventsOf(stream, EmotionalResponseNoted.class))
                .isEqualTo(notesBefore + accepted(outcomes, Kind.NOTE));
        assertThat(eventsOf(stream, SessionCompleted.class)).isEqualTo(accepted(outcomes, Kind.COMPLETE));
        assertThat(eventsOf(stream, SessionCancelled.class)).isEqualTo(accepted(outcomes, Kind.CANCEL));
        assertThat(accepted(outcomes, Kind.COMPLETE) + accepted(outcomes, Kind.CANCEL)).isEqualTo(1);
        assertThat(stream.get(stream.size() - 1).getPayload())
                .isInstanceOfAny(SessionCompleted.class, SessionCancelled.class);
    }

    private static long eventsOf(List<? extends DomainEventMessage<?>> stream, Class<?> type) {
        return stream.stream().filter(e -> type.isInstance(e.getPayload())).count();
    }

    @Test
    void conflicting_commands_on_one_session_are_each_accepted_once_or_refused_with_409() throws Exception {
        String sessionId = startedSession(openChronicCourse(registerPatient()));

        List<Outcome> outcomes = race(List.of(api), sessionId, shuffled(16, 4, 4));

        assertThat(outcomes).allSatisfy(o -> assertThat(o.status()).as(o.toString()).isIn(204, 409));
        assertThat(outcomes).filteredOn(o -> o.status() == 409)
                .allSatisfy(o -> assertThat(o.type()).endsWith("/command-refused"));
        assertStreamMatches(sessionId, 2, 0, outcomes);
        long notes = accepted(outcomes, Kind.NOTE);
        String status = accepted(outcomes, Kind.COMPLETE) == 1 ? "COMPLETED" : "CANCELLED";
        awaitView("/api/sessions/" + sessionId, s -> status.equals(s.path("status").asText())
                && s.path("emotionalResponses").size() == notes);
    }

    @Test
    void with_two_nodes_on_one_event_store_a_lost_race_is_a_409_and_writes_nothing() throws Exception {
        try (ConfigurableApplicationContext second = startSecondNode()) {
            Api nodeB = new Api(((ServletWebServerApplicationContext) second).getWebServer().getPort());
            String sessionId = startedSession(openChronicCourse(registerPatient()));

            // Node B loads the session and keeps it cached; node A then records something B does not know of.
            assertThat(send(nodeB, sessionId, Kind.NOTE).status()).isEqualTo(204);
            int attempts = 0;
            Outcome onA;
            do {
                // A's own cached copy may be stale too (B wrote last): then A loses once and reloads.
                onA = send(api, sessionId, Kind.NOTE);
                attempts++;
            } while (onA.status() == 409 && attempts < 3);
            assertThat(onA.status()).isEqualTo(204);
            long before = eventStore.readEvents(sessionId, 0).asStream().count();

            Outcome stale = send(nodeB, sessionId, Kind.NOTE);
            assertThat(stale.status()).isEqualTo(409);
            assertThat(stale.type()).endsWith("/concurrent-change");
            assertThat(eventStore.readEvents(sessionId, 0).asStream().count()).isEqualTo(before);
            assertThat(send(nodeB, sessionId, Kind.NOTE).status()).as("B reloaded the session").isEqualTo(204);

            // Then everything at once, across both nodes.
            List<Outcome> outcomes = race(List.of(api, nodeB), sessionId, shuffled(16, 4, 4));
            assertThat(outcomes).allSatisfy(o -> assertThat(o.status()).as(o.toString()).isIn(204, 409));
            assertThat(outcomes).filteredOn(o -> o.status() == 409).allSatisfy(o -> assertThat(o.type())
                    .matches(".*/(command-refused|concurrent-change)"));
            // scheduled, started, then notes only
            assertStreamMatches(sessionId, before + 1, before + 1 - 2, outcomes);
        }
    }

    /**
     * A second instance of the service on the same database (and the same embedded servers, which are once per
     * JVM), with a session cache that never forgets: its copy of a session goes stale when the first node writes.
     */
    private ConfigurableApplicationContext startSecondNode() {
        return new SpringApplicationBuilder(PracticeServiceApplication.class)
                .initializers(context -> context.addBeanFactoryPostProcessor(beanFactory -> {
                    BeanDefinitionRegistry registry = (BeanDefinitionRegistry) beanFactory;
                    registry.removeBeanDefinition("sessionCache");
                    registry.registerBeanDefinition("sessionCache", new RootBeanDefinition(StrongCache.class));
                }))
                .run("--server.port=0", "--spring.data.mongodb.database=" + DATABASE,
                        "--spring.main.banner-mode=off");
    }
}
