package dev.meridian.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class RebuildMeasurementTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aCompletedRebuildIsTimedByTheServicesOwnStartAndFinish() throws Exception {
        JsonNode completed = JSON.readTree("""
                {"state":"COMPLETED","startedAt":"2026-12-05T00:51:40.780123Z",
                 "finishedAt":"2026-12-05T00:51:46.380123Z","recordsToProcess":303102,"recordsProcessed":303102}""");

        assertThat(RebuildMeasurement.done(completed)).isTrue();
        assertThat(RebuildMeasurement.serviceSeconds(completed)).isEqualTo(5.6);
        assertThat(RebuildMeasurement.events(completed)).isEqualTo(303_102L);
    }

    @Test
    void onlyTheStatesOfTheProgressContractEndTheWait() throws Exception {
        JsonNode failed = JSON.readTree("""
                {"state":"FAILED","startedAt":"2026-12-05T00:51:40Z","finishedAt":"2026-12-05T00:51:41Z",
                 "recordsProcessed":1200,"error":"the rebuild consumer stopped"}""");

        assertThat(RebuildMeasurement.failed(failed)).isTrue();
        assertThat(RebuildMeasurement.done(failed)).as("a failed rebuild is not timed").isFalse();
        for (String running : new String[]{"RUNNING", "SWAPPING", "IDLE", "completed"}) {
            JsonNode status = JSON.readTree("{\"state\":\"" + running + "\",\"recordsProcessed\":5}");
            assertThat(RebuildMeasurement.done(status)).as(running).isFalse();
            assertThat(RebuildMeasurement.failed(status)).as(running).isFalse();
        }
        assertThat(RebuildMeasurement.events(JSON.readTree("""
                {"state":"COMPLETED","records":303102}"""))).as("only the contract's recordsProcessed").isNull();
    }

    @Test
    void theServiceReportsWhenTheRebuildCaughtUpAndWhenItHadWrittenWhatItHeld() throws Exception {
        JsonNode completed = JSON.readTree("""
                {"state":"COMPLETED","startedAt":"2026-12-05T00:51:40.000Z","caughtUpAt":"2026-12-05T00:51:43.250Z",
                 "writtenAt":"2026-12-05T00:51:44.750Z","finishedAt":"2026-12-05T00:51:45.000Z"}""");

        assertThat(RebuildMeasurement.between(completed, "startedAt", "caughtUpAt")).isEqualTo(3.25);
        assertThat(RebuildMeasurement.between(completed, "caughtUpAt", "writtenAt")).isEqualTo(1.5);
        assertThat(RebuildMeasurement.between(JSON.readTree("""
                {"state":"COMPLETED","startedAt":"2026-12-05T00:51:40Z","finishedAt":"2026-12-05T00:51:45Z"}"""),
                "startedAt", "caughtUpAt")).as("an older service reports no phases").isNull();
    }

    @Test
    void withoutBothTimesOrWithTimesOutOfOrderTheServicesTimeIsNotUsed() throws Exception {
        assertThat(RebuildMeasurement.serviceSeconds(JSON.readTree("""
                {"state":"COMPLETED","startedAt":"2026-12-05T00:51:40Z"}"""))).isNull();
        assertThat(RebuildMeasurement.serviceSeconds(JSON.readTree("""
                {"state":"COMPLETED","startedAt":"2026-12-05T00:51:40Z","finishedAt":"2026-12-05T00:51:39Z"}""")))
                .isNull();
        assertThat(RebuildMeasurement.serviceSeconds(JSON.readTree("""
                {"state":"COMPLETED","startedAt":"yesterday","finishedAt":"2026-12-05T00:51:39Z"}"""))).isNull();
    }

    @Test
    void theFastestOfTheRebuildsIsTheFigureAndEveryRebuildIsKeptInOrder() {
        BenchmarkReport.Rebuild first = new BenchmarkReport.Rebuild("measured", 300_000L, 6.0, 50_000.0, 3.5, 2.5);
        BenchmarkReport.Rebuild second = new BenchmarkReport.Rebuild("measured", 300_000L, 4.0, 75_000.0, 2.5, 1.5);
        BenchmarkReport.Rebuild third = new BenchmarkReport.Rebuild("measured", 300_000L, 5.0, 60_000.0, 3.0, 2.0);

        BenchmarkReport.Rebuild figure = RebuildMeasurement.fastest(List.of(first, second, third));

        assertThat(figure.eventsPerSecond()).isEqualTo(75_000.0);
        assertThat(figure.readSeconds()).as("the fastest one's read and write").isEqualTo(2.5);
        assertThat(figure.writeSeconds()).isEqualTo(1.5);
        assertThat(figure.eachPerSecond()).containsExactly(50_000.0, 75_000.0, 60_000.0);
        assertThat(figure.firstPerSecond()).isEqualTo(50_000.0);
    }
}
