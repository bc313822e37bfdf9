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
