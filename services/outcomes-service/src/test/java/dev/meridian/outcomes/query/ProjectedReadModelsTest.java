package dev.meridian.outcomes.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.events.envelope.CloudEventsKafkaCodec;
import dev.meridian.events.envelope.EncodedRecord;
import dev.meridian.events.envelope.EventEnvelope;
import dev.meridian.outcomes.projection.EventApplier;
import dev.meridian.outcomes.projection.ProjectionMetrics;
import dev.meridian.outcomes.projection.ReadModelStore;
import dev.meridian.outcomes.support.History;
import dev.meridian.outcomes.support.TestServers;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The analyst queries on what the real projection writes: the hand-built history goes through the Kafka codec
 * (which strips personal data) and the projection's {@link EventApplier} into MongoDB (embedded, or
 * {@code MONGODB_URI}), and the summary read back has the hand-worked answers and equals the pure computation for
 * every grouping. Threshold 1, so that nothing is suppressed in this small clinic. (HTTP: {@link AnalystApiTest}.)
 */
class ProjectedReadModelsTest {

    private static final History CLINIC = OutcomeMeasuresTest.clinic();
    private static AnalystReadModels readModels;
    private static OutcomeSummaries summaries;

    @BeforeAll
    static void project() throws Exception {
        ReadModelStore store = new ReadModelStore(TestServers.freshDatabase("analyst_projected"), "");
        CloudEventsKafkaCodec codec = new CloudEventsKafkaCodec();
        EventApplier applier = new EventApplier(store, new ProjectionMetrics(new SimpleMeterRegistry(), "live"),
                (type, id, expected, received) -> {
                    throw new AssertionError("gap in a complete history: " + id);
                }, codec, Clock.systemUTC());
        for (EventEnvelope envelope : CLINIC.envelopes()) {
            EncodedRecord record = codec.encode(envelope);
            applier.apply(codec.decode(record.headers(), record.value()), record.headers(), record.value());
        }
        readModels = new AnalystReadModels(store);
        summaries = new OutcomeSummaries(readModels, 1);
    }


    @Test
    void theSummaryOfProjectedEventsHasTheHandWorkedAnswers() {
        Map<String, Object> chronic = OutcomeMeasuresTest.group(
                summaries.summarize(OutcomeMeasuresTest.query(List.of(Dimension.CHRONICITY))), "CHRONIC");

        assertThat(chronic).containsEntry("courses", 6L).containsEntry("responderRate", 0.8)
                .containsEntry("medianSessionsToRelief", 1.5).containsEntry("meanPainChange", 3.0)
                .containsEntry("oneSessionResolutionRate", 0.333).containsEntry("medianRetentionMinutes", 23.5)
                .containsEntry("sessionsStarted", 9L);
    }

    @Test
    void everyGroupingOfTheStoredReadModelsEqualsThePureComputation() {
        ReadModelFixtures.Projected pure = ReadModelFixtures.project(CLINIC);
        for (List<Dimension> groupBy : List.of(List.<Dimension>of(), List.of(Dimension.LOCATION),
                List.of(Dimension.CHRONICITY), List.of(Dimension.MONTH, Dimension.PRACTITIONER),
                List.of(Dimension.RETENTION))) {
            SummaryQuery query = OutcomeMeasuresTest.query(groupBy);
            List<Unit> units = groupBy.contains(Dimension.RETENTION) ? pure.courseUnits() : pure.cellUnits();

            assertThat(summaries.summarize(query).groups()).as("groupBy=%s", groupBy)
                    .isEqualTo(summaries.summarize(query, units, "pure").groups());
        }
    }

    @Test
    void projectedCoursesAreListedWithoutPersonalData() {
        CourseListing listing = new CourseListing(readModels, new Pseudonyms("test-key"), summaries);
        CoursePage page = listing.list(new CoursesQuery(new AnalystFilter(null, null, null,
                Period.of(null, null, Period.Granularity.YEAR)), 0, 100, OutputFormat.JSON));

        assertThat(page.totalCourses()).isEqualTo(8);
        assertThat(page.courses()).hasSize(8);
        assertThat(page.courses().toString()).doesNotContain("Ada", "Example", "a private note", "stretch daily")
                .doesNotContainPattern("(?<![0-9a-f])1980(?![0-9a-f])"); // not inside a hex pseudonym
        assertThat(page.courses()).allSatisfy(row -> assertThat(row.keySet()).containsExactlyElementsOf(
                CourseListing.COLUMNS));
    }

    @Test
    void pagesOfTheCourseListHoldEveryProjectedCourseOnceInCellOrder() {
        CourseListing listing = new CourseListing(readModels, new Pseudonyms("test-key"), summaries);
        AnalystFilter everything = new AnalystFilter(null, null, null, Period.of(null, null, Period.Granularity.YEAR));
        List<Map<String, Object>> onePage = listing.list(new CoursesQuery(everything, 0, 100, OutputFormat.JSON))
                .courses();

        List<Map<String, Object>> paged = new java.util.ArrayList<>();
        for (int page = 0; page < 4; page++) {
            paged.addAll(listing.list(new CoursesQuery(everything, page, 3, OutputFormat.JSON)).courses());
        }

        assertThat(onePage).hasSize(8);
        assertThat(paged).isEqualTo(onePage);
        assertThat(onePage.stream().map(row -> row.get("locationId") + "|" + row.get("practitionerId")).toList())
                .isSorted();
    }
}
