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
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A rebuild re-reads the topic from offset 0 into fresh collections while the live projection goes on, reports its
 * progress, swaps the rebuilt collections in once caught up, and the live projection carries on from there.
 */
class ProjectionRebuildTest {

    private static OutcomesTestKit kit;

    @BeforeAll
    static void start() {
        kit = new OutcomesTestKit(ProjectionRebuildTest.class);
        kit.start();
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

        // Two requests at once (the client warmed first): a rebuild of this small topic takes a few hundred ms, one
        // request after the other's answer could come after it has finished.
        kit.http().get().uri("/api/projections/rebuild").retrieve().body(JsonNode.class);
        Instant asked = Instant.now();
        List<CompletableFuture<Answer>> requests = List.of(CompletableFuture.supplyAsync(this::requestRebuild),
                CompletableFuture.supplyAsync(this::requestRebuild));
        List<Answer> answers = requests.stream().map(CompletableFuture::join)
                .sorted(Comparator.comparingInt(Answer::status)).toList();
        assertThat(answers).extracting(Answer::status).as("one rebuild at a time").containsExactly(202, 409);
        JsonNode started = answers.get(0).body();
        assertThat(started.get("recordsToProcess").asLong()).isEqualTo(kit.producer.recordsOnTopic());
        // Its time runs from the request to the swap (the benchmark times rebuilds by these).
        Instant startedAt = Instant.parse(started.get("startedAt").asText());
        assertThat(startedAt).isBetween(asked, Instant.now());
        assertThat(started.get("finishedAt").isNull()).isTrue();
        assertThat(started.get("caughtUpAt").isNull()).as("it has only just started reading").isTrue();
        assertThat(started.get("lag").asLong() + started.get("recordsProcessed").asLong())
                .as("what is still to read, with what has been read, is the whole topic")
                .isEqualTo(started.get("recordsToProcess").asLong());
        assertThat(answers.get(1).body().get("status").asInt()).isEqualTo(409);
        // The clinic does not stop for a rebuild.
        List<EventEnvelope> during = moreEvents(history);
        kit.producer.sendAll(during);

        await().atMost(OutcomesTestKit.PATIENCE).untilAsserted(() -> {
            JsonNode progress = kit.http().get().uri("/api/projections/rebuild").retrieve().body(JsonNode.class);
            assertThat(progress.get("state").asText()).isEqualTo("COMPLETED");
            assertThat(progress.get("percent").asDouble()).isEqualTo(100.0);
            assertThat(progress.get("recordsProcessed").asLong()).isGreaterThanOrEqualTo(history.envelopes().size());
            assertThat(Instant.parse(progress.get("finishedAt").asText())).isAfter(startedAt);
        });
        // Its phases, in order: reading the topic, writing what it held, catching up again and the swap.
        JsonNode completed = kit.http().get().uri("/api/projections/rebuild").retrieve().body(JsonNode.class);
        List<Instant> phases = Stream.of("startedAt", "caughtUpAt", "writtenAt", "finishedAt")
                .map(field -> Instant.parse(completed.get(field).asText())).toList();
        assertThat(phases).isSorted();
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

    private record Answer(int status, JsonNode body) {
    }

    private Answer requestRebuild() {
        return kit.http().post().uri("/api/projections/rebuild").exchange((request, response) ->
                new Answer(response.getStatusCode().value(), response.bodyTo(JsonNode.class)));
    }
}
