package dev.meridian.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.model.Sorts;
import dev.meridian.events.ClinicEvent;
import dev.meridian.events.envelope.EventEnvelope;
import dev.meridian.outcomes.OutcomesServiceApplication;
import dev.meridian.outcomes.projection.ReadModelStore;
import dev.meridian.outcomes.recount.IndependentRecount;
import dev.meridian.outcomes.recount.ProjectedFigures;
import dev.meridian.practice.PracticeServiceApplication;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.bson.Document;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.mongodb.MongoDatabaseFactory;
import org.springframework.web.client.RestClient;

/**
 * Both services in this JVM as two Spring contexts, on the JVM's embedded broker and wire-protocol server (or the
 * external ones when configured): random ports, distinct databases, one topic unique to the test class.
 */
final class PipelineStack implements AutoCloseable {

    static final Duration PATIENCE = Duration.ofSeconds(120);

    final String topic;
    final String practiceDatabase;
    final String outcomesDatabase;
    private ConfigurableApplicationContext practice;
    private ConfigurableApplicationContext outcomes;
    private TopicEvents topicEvents;

    PipelineStack(Class<?> testClass) {
        String unique = testClass.getSimpleName().toLowerCase(Locale.ROOT) + "-"
                + UUID.randomUUID().toString().substring(0, 8);
        topic = "clinic.events." + unique;
        practiceDatabase = "practice_" + unique.replace('-', '_');
        outcomesDatabase = "outcomes_" + unique.replace('-', '_');
    }

    /** Kafka's broker and clients are chatty at INFO; the services say what matters. */
    private static final List<String> QUIET = List.of("--logging.level.org.apache.kafka=WARN",
            "--logging.level.kafka=WARN", "--logging.level.state.change.logger=WARN",
            "--logging.level.org.axonframework=WARN", "--spring.main.banner-mode=off");

    /** @param sources extra configuration for practice-service (e.g. a {@code PublicationFilter} that skips) */
    ConfigurableApplicationContext startPractice(boolean publisher, Class<?>... sources) {
        List<Class<?>> all = new ArrayList<>(List.of(PracticeServiceApplication.class));
        all.addAll(List.of(sources));
        // Arguments, not builder properties: those are defaults, which the services' property files override.
        List<String> args = new ArrayList<>(QUIET);
        args.addAll(List.of(
                "--server.port=0",
                "--spring.data.mongodb.database=" + practiceDatabase,
                "--meridian.kafka.topic=" + topic,
                "--meridian.kafka.partitions=3",
                "--meridian.publisher.enabled=" + publisher,
                // The local profile: development master key and token issuer (docs/security.md).
                "--spring.profiles.active=local"));
        practice = new SpringApplicationBuilder(all.toArray(Class<?>[]::new)).run(args.toArray(String[]::new));
        return practice;
    }

    ConfigurableApplicationContext startOutcomes() {
        List<String> args = new ArrayList<>(QUIET);
        args.addAll(List.of(
                "--server.port=0",
                "--spring.data.mongodb.database=" + outcomesDatabase,
                "--meridian.kafka.topic=" + topic,
                "--meridian.kafka.partitions=3",
                "--meridian.outcomes.consumer.group=outcomes-" + topic,
                "--meridian.outcomes.consumer.poll-timeout=PT0.1S",
                "--meridian.outcomes.gaps.republish-after=PT0.5S",
                "--meridian.outcomes.gaps.retry-after=PT3S",
                "--meridian.outcomes.gaps.check-interval=PT0.1S",
                "--meridian.outcomes.gaps.sweep-interval=PT1S",
                "--meridian.practice.base-url=" + practiceUrl(),
                "--meridian.practice.service-token=" + token(dev.meridian.security.Role.SERVICE),
                // Trusts practice-service's development issuer by its JWK set, as the local stack does.
                "--meridian.security.issuer-uri=" + practice.getBean(dev.meridian.security.TokenIssuer.class).issuer(),
                "--meridian.security.jwk-set-uri=" + practiceUrl() + "/dev/jwks.json"));
        outcomes = new SpringApplicationBuilder(OutcomesServiceApplication.class).run(args.toArray(String[]::new));
        return outcomes;
    }

    void stopPractice() {
        if (practice != null) {
            practice.close();
            practice = null;
        }
    }

    ConfigurableApplicationContext practice() {
        return practice;
    }

    ConfigurableApplicationContext outcomes() {
        return outcomes;
    }

    String practiceUrl() {
        return "http://127.0.0.1:" + ((WebServerApplicationContext) practice).getWebServer().getPort();
    }

    String outcomesUrl() {
        return "http://127.0.0.1:" + ((WebServerApplicationContext) outcomes).getWebServer().getPort();
    }

    StaffApi staff() {
        return new StaffApi(practiceUrl(), token(dev.meridian.security.Role.NETWORK_ADMIN));
    }

    /** A token of practice-service's development issuer (local profile). */
    String token(dev.meridian.security.Role role) {
        return practice.getBean(dev.meridian.security.TokenIssuer.class)
                .issue("pipeline-" + role.name().toLowerCase(), role, List.of(), java.time.Duration.ofHours(1));
    }

    /** practice-service's event store: aggregate id -> last sequence. */
    Map<String, Long> storedStreams() {
        JsonNode streams = RestClient.create(practiceUrl()).get().uri("/internal/streams")
                .header("Authorization", "Bearer " + token(dev.meridian.security.Role.SERVICE)).retrieve()
                .body(JsonNode.class);
        Map<String, Long> last = new TreeMap<>();
        streams.forEach(s -> last.put(s.get("aggregateId").asText(), s.get("lastSequence").asLong()));
        return last;
    }

    List<Document> outcomes(String collection) {
        return outcomes.getBean(MongoDatabaseFactory.class).getMongoDatabase().getCollection(collection).find()
                .sort(Sorts.ascending("_id")).into(new ArrayList<>());
    }

    static double counter(ConfigurableApplicationContext context, String name) {
        return context.getBean(MeterRegistry.class).find(name).counters().stream().mapToDouble(Counter::count).sum();
    }

    /**
     * Waits until every event in practice-service's event store is on the topic (each stream complete, read as a
     * consumer would) and outcomes-service's read models equal the independent recount of those events.
     *
     * @return the events the recount was made from
     */
    List<ClinicEvent> awaitOutcomesEqualRecountOfTheStore() {
        if (topicEvents == null) {
            topicEvents = new TopicEvents(outcomes.getEnvironment().getProperty("spring.kafka.bootstrap-servers"),
                    topic);
        }
        List<ClinicEvent> events = new ArrayList<>();
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(300)).pollInSameThread().untilAsserted(() -> {
            Map<String, Long> stored = storedStreams();
            List<EventEnvelope> onTopic = topicEvents.readNew();
            assertThat(lastSequences(onTopic)).as("every stored event on the topic").isEqualTo(stored);
            List<ClinicEvent> raw = onTopic.stream().map(EventEnvelope::event).toList();
            assertThat(ProjectedFigures.courses(outcomes(ReadModelStore.COURSE_OUTCOMES)))
                    .isEqualTo(IndependentRecount.courses(raw));
            assertThat(ProjectedFigures.cells(outcomes(ReadModelStore.DASHBOARD_CELLS)))
                    .isEqualTo(IndependentRecount.cells(raw));
            events.clear();
            events.addAll(raw);
        });
        return events;
    }

    /** Last sequence per aggregate, and only when each stream is complete from 0 (otherwise -1). */
    private static Map<String, Long> lastSequences(List<EventEnvelope> envelopes) {
        Map<String, List<Long>> sequences = new LinkedHashMap<>();
        envelopes.forEach(e -> sequences.computeIfAbsent(e.aggregateId(), id -> new ArrayList<>())
                .add(e.aggregateSequence()));
        Map<String, Long> last = new TreeMap<>();
        sequences.forEach((id, seqs) -> {
            List<Long> sorted = seqs.stream().sorted().toList();
            boolean complete = true;
            for (int i = 0; i < sorted.size(); i++) {
                complete &= sorted.get(i) == i;
            }
            last.put(id, complete ? sorted.get(sorted.size() - 1) : -1L);
        });
        return last;
    }

    @Override
    public void close() {
        if (topicEvents != null) {
            topicEvents.close();
        }
        if (outcomes != null) {
            outcomes.close();
        }
        stopPractice();
    }
}
