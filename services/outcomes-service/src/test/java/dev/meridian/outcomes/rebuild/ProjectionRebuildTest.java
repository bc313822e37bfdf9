package dev.meridian.outcomes.rebuild;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import dev.meridian.events.Chronicity;
import dev.meridian.events.CourseOutcome;
import dev.meridian.events.envelope.EventEnvelope;
import dev.meridian.outcomes.projection.ReadModelStore;
import dev.meridian.outcomes.support.History;
import dev.meridian.outcomes.support.OutcomesTestKit;
import dev.meridian.outcomes.support.Workloads;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.ResponseEntity;

/**
 * A rebuild re-reads the topic from offset 0 into fresh collections while the live projection goes on, reports its
 * progress, swaps the rebuilt collections in once caught up, and the live projection carries on from there.
 */
class ProjectionRebuildTest {

    private static OutcomesTestKit kit;

    @BeforeAll
    static void start() {
        kit = new OutcomesTestKit(ProjectionRebuildTest.class);
        // Checks every 2 s: a rebuild of this small topic (in memory, about a second) then stays RUNNING long
        // enough for the test's second request to meet it (it swaps at the second check at the earliest).
        kit.start("--meridian.outcomes.rebuild.check-interval=PT2S");
    }

    @AfterAll
    static void close() {
        kit.close();
    }

    @Test
    void rebuildingRepairsDamagedReadModelsAndLiveProjectionCarriesOnAfterTheSwap() {
        History history = Workloads.generate(31, 25);
        kit.producer.sendAll(history.envelopes());
        kit.awaitProjected(history.events());
        // Damage the live read models the way a bug would.
        String lostCourse = kit.courses().get(0).getString("_id");
        kit.mongo().getCollection(ReadModelStore.COURSE_OUTCOMES).deleteOne(Filters.eq("_id", lostCourse));
        String cell = kit.cells().get(0).getString("_id");
        kit.mongo().getCollection(ReadModelStore.DASHBOARD_CELLS)
                .updateOne(Filters.eq("_id", cell), Updates.inc("responders", 5));

        ResponseEntity<JsonNode> started = kit.http().post().uri("/api/projections/rebuild").retrieve()
                .toEntity(JsonNode.class);
        assertThat(started.getStatusCode().value()).isEqualTo(202);
        assertThat(started.getBody().get("recordsToProcess").asLong()).isEqualTo(history.envelopes().size());
        int second = kit.http().post().uri("/api/projections/rebuild")
                .exchange((request, response) -> response.getStatusCode().value());
        assertThat(second).as("one rebuild at a time").isEqualTo(409);
        // The clinic does not stop for a rebuild.
        List<EventEnvelope> during = moreEvents(history);
        kit.producer.sendAll(during);

        await().atMost(OutcomesTestKit.PATIENCE).untilAsserted(() -> {
            JsonNode progress = kit.http().get().uri("/api/projections/rebuild").retrieve().body(JsonNode.class);
            assertThat(progress.get("state").asText()).isEqualTo("COMPLETED");
            assertThat(progress.get("percent").asDouble()).isEqualTo(100.0);
            assertThat(progress.get("recordsProcessed").asLong()).isGreaterThanOrEqualTo(history.envelopes().size());
        });
        kit.awaitProjected(history.events());
        assertThat(kit.mongo().listCollectionNames().into(new ArrayList<>())).noneMatch(n -> n.endsWith("_rebuild"));

        List<EventEnvelope> after = moreEvents(history);
        kit.producer.sendAll(after);
        kit.awaitProjected(history.events());
    }

    private static List<EventEnvelope> moreEvents(History history) {
        int before = history.envelopes().size();
        History.Course course = history.openCourse(history.registerPatient("loc-north"), "loc-north", "pr-1",
                Chronicity.ACUTE, 6, null);
        course.session(6, 1);
        course.close(CourseOutcome.RESOLVED, 0);
        return history.envelopes().subList(before, history.envelopes().size());
    }
}
