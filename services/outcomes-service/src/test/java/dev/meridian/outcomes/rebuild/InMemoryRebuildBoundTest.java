package dev.meridian.outcomes.rebuild;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meridian.outcomes.projection.ReadModelStore;
import dev.meridian.outcomes.recount.ProjectedFigures;
import dev.meridian.outcomes.support.History;
import dev.meridian.outcomes.support.OutcomesTestKit;
import dev.meridian.outcomes.support.Workloads;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A rebuild whose memory bound is far below the topic's courses (2 courses, polls of 7 records) writes what it holds
 * many times over, reads evicted courses back, and swaps in the same read models the live projection built.
 */
class InMemoryRebuildBoundTest {

    private static OutcomesTestKit kit;

    @BeforeAll
    static void start() {
        kit = new OutcomesTestKit(InMemoryRebuildBoundTest.class);
        kit.start("--meridian.outcomes.rebuild.max-courses-in-memory=2",
                "--meridian.outcomes.rebuild.max-poll-records=7");
    }

    @AfterAll
    static void close() {
        kit.close();
    }

    @Test
    void byDefaultARebuildHoldsTheCoursesThatFitInAQuarterOfTheHeap() {
        assertThat(ProjectionRebuild.coursesHeldInAQuarterOf(1024L * 1024 * 1024)).isEqualTo(32_768);
        assertThat(ProjectionRebuild.coursesHeldInAQuarterOf(768L * 1024 * 1024)).isEqualTo(24_576);
        assertThat(ProjectionRebuild.coursesHeldInAQuarterOf(16L * 1024 * 1024)).as("at least").isEqualTo(1_000);
    }

    @Test
    void aRebuildWithATinyMemoryBoundSwapsInWhatTheLiveProjectionBuilt() {
        History history = Workloads.generate(59, 25);
        kit.producer.sendAll(history.envelopes());
        kit.awaitProjected(history.events());
        long onTopic = kit.producer.recordsOnTopic();
        List<Document> liveCourses = kit.courses();
        List<Document> livePatients = kit.documents(ReadModelStore.PATIENT_STREAMS);
        Object liveCells = ProjectedFigures.cells(kit.cells());
        Map<String, Set<String>> liveLists = lists();

        int started = kit.http().post().uri("/api/projections/rebuild")
                .exchange((request, response) -> response.getStatusCode().value());
        assertThat(started).isEqualTo(202);
        await().atMost(OutcomesTestKit.PATIENCE).untilAsserted(() -> {
            JsonNode progress = kit.http().get().uri("/api/projections/rebuild").retrieve().body(JsonNode.class);
            assertThat(progress.get("state").asText()).isEqualTo("COMPLETED");
            assertThat(progress.get("recordsProcessed").asLong()).isEqualTo(onTopic);
        });

        assertThat(kit.courses()).isNotEmpty().isEqualTo(liveCourses);
        assertThat(kit.documents(ReadModelStore.PATIENT_STREAMS)).isEqualTo(livePatients);
        assertThat(ProjectedFigures.cells(kit.cells())).isEqualTo(liveCells);
        assertThat(lists()).isNotEmpty().isEqualTo(liveLists);
        assertThat(kit.cells()).allSatisfy(cell ->
                assertThat(cell.get("appliedVersions", Document.class)).as("no markers").isEmpty());
        assertThat(kit.mongo().listCollectionNames().into(new ArrayList<>())).noneMatch(n -> n.endsWith("_rebuild"));
    }

    private static Map<String, Set<String>> lists() {
        Map<String, Set<String>> lists = new TreeMap<>();
        kit.documents(ReadModelStore.CELL_COURSES).forEach(list -> {
            Set<String> courses = new TreeSet<>(list.getList("courses", String.class));
            if (!courses.isEmpty()) {
                lists.put(list.getString("_id"), courses);
            }
        });
        return lists;
    }
}
