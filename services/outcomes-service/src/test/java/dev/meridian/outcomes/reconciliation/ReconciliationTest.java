package dev.meridian.outcomes.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meridian.events.AggregateType;
import dev.meridian.events.Chronicity;
import dev.meridian.events.CourseOutcome;
import dev.meridian.events.envelope.EventEnvelope;
import dev.meridian.outcomes.support.History;
import dev.meridian.outcomes.support.OutcomesTestKit;
import dev.meridian.outcomes.support.TestServers;
import dev.meridian.outcomes.support.Workloads;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Drift that no gap reveals (an aggregate's last events, or a whole patient's events, never published) is found by
 * comparing the event store's stream positions with what was applied, over HTTP and on the command line, and
 * healed by republication.
 */
class ReconciliationTest {

    private static OutcomesTestKit kit;
    private static History history;
    private static List<String> behind;

    @BeforeAll
    static void projectAllButSomeTails() {
        kit = new OutcomesTestKit(ReconciliationTest.class);
        history = Workloads.generate(5, 8);
        History.Course lastCourse = history.openCourse(history.registerPatient("loc-east"), "loc-east", "pr-9",
                Chronicity.ACUTE, 6, null);
        History.Session lastSession = lastCourse.session(6, 1);
        lastCourse.close(CourseOutcome.RESOLVED, 0);
        String unpublishedPatient = history.registerPatient("loc-west");
        List<EventEnvelope> all = history.envelopes();
        EventEnvelope closing = all.get(all.size() - 2);
        EventEnvelope sessionCompleted = history.streamOf(lastSession.sessionId).get(2);
        List<EventEnvelope> published = new ArrayList<>(all);
        published.remove(closing);
        published.remove(sessionCompleted);
        published.removeIf(e -> e.aggregateId().equals(unpublishedPatient));
        behind = List.of(lastCourse.courseId, lastSession.sessionId, unpublishedPatient);
        kit.practice.store(all);
        kit.producer.sendAll(published);
        kit.start();
        kit.awaitProjected(published.stream().map(EventEnvelope::event).toList());
    }

    @AfterAll
    static void close() {
        kit.close();
    }

    @Test
    void theReportNamesEveryAggregateBehindTheEventStoreAndHealingBringsThemInSync() {
        JsonNode report = kit.http().get().uri("/api/reconciliation").retrieve().body(JsonNode.class);

        assertThat(report.get("inSync").asBoolean()).isFalse();
        assertThat(report.get("streamsInEventStore").asInt()).isEqualTo(history.lastSequences().size());
        assertThat(report.get("behindCount").asInt()).isEqualTo(3);
        assertThat(report.get("missing").asInt()).as("the patient nothing of which arrived").isEqualTo(1);
        assertThat(ids(report.get("behind"))).containsExactlyInAnyOrderElementsOf(behind);
        JsonNode session = find(report.get("behind"), behind.get(1));
        assertThat(session.get("aggregateType").asText()).isEqualTo(AggregateType.SESSION.name());
        assertThat(session.get("lastSequence").asLong()).isEqualTo(2);
        assertThat(session.get("appliedSequence").asLong()).isEqualTo(1);
        assertThat(report.get("ahead")).isEmpty();
        assertThat(runCommandLine("--reconcile")).isEqualTo(ReconcileCommand.DRIFT);

        JsonNode healed = kit.http().post().uri("/api/reconciliation/heal").retrieve().body(JsonNode.class);

        assertThat(ids(healed.get("behind"))).containsExactlyInAnyOrderElementsOf(behind);
        assertThat(healed.get("republishRequested")).hasSize(3);
        assertThat(kit.practice.republishedAggregateIds()).containsExactlyInAnyOrderElementsOf(behind);
        kit.awaitProjected(history.events());
        await().atMost(OutcomesTestKit.PATIENCE).untilAsserted(() -> assertThat(
                kit.http().get().uri("/api/reconciliation").retrieve().body(JsonNode.class).get("inSync").asBoolean())
                .isTrue());
        assertThat(runCommandLine("--reconcile", "--heal")).isEqualTo(ReconcileCommand.IN_SYNC);
    }

    @Test
    void theCommandLineFailsWhenPracticeServiceIsOutOfReach() {
        assertThat(runCommandLine("--reconcile", "--meridian.practice.base-url=http://127.0.0.1:1"))
                .isEqualTo(ReconcileCommand.FAILED);
    }

    /** The command-line mode, against this kit's database and fake practice-service. */
    private static int runCommandLine(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--spring.data.mongodb.uri=" + TestServers.mongoUri());
        all.add("--spring.data.mongodb.database=" + kit.database);
        if (all.stream().noneMatch(a -> a.startsWith("--meridian.practice.base-url"))) {
            all.add("--meridian.practice.base-url=" + kit.practice.baseUrl());
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = ReconcileCommand.run(all.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8));
        assertThat(out.toString(StandardCharsets.UTF_8)).isNotBlank();
        return exit;
    }

    private static List<String> ids(JsonNode drifts) {
        return StreamSupport.stream(drifts.spliterator(), false).map(d -> d.get("aggregateId").asText()).toList();
    }

    private static JsonNode find(JsonNode drifts, String aggregateId) {
        return StreamSupport.stream(drifts.spliterator(), false)
                .filter(d -> d.get("aggregateId").asText().equals(aggregateId)).findFirst().orElseThrow();
    }
}
