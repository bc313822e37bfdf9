package dev.meridian.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
}
