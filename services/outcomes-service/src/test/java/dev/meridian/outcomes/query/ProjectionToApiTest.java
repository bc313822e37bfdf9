package dev.meridian.outcomes.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meridian.events.envelope.CloudEventsKafkaCodec;
import dev.meridian.events.envelope.EncodedRecord;
import dev.meridian.events.envelope.EventEnvelope;
import dev.meridian.outcomes.projection.EventApplier;
import dev.meridian.outcomes.projection.ReadModelStore;
import dev.meridian.outcomes.support.History;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

/**
 * The API on what the real projection writes: the hand-built history goes through the Kafka codec (which strips
 * personal data) and the service's own {@link EventApplier} into MongoDB, and the summary over HTTP gives the
 * hand-worked answers. Threshold 1, so that nothing is suppressed in this small clinic.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestPropertySource(properties = {
        "spring.data.mongodb.database=analyst_projection_test",
        "meridian.outcomes.consumer.enabled=false",
        "meridian.embedded.kafka=false",
        "meridian.outcomes.gaps.sweep-interval=PT1H",
        "meridian.outcomes.suppression.threshold=1"})
class ProjectionToApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final History CLINIC = OutcomeMeasuresTest.clinic();
    private static boolean projected;

    @LocalServerPort
    int port;

    @Autowired
    EventApplier liveApplier;

    @Autowired
    CloudEventsKafkaCodec codec;

    @Autowired
    ReadModelStore liveReadModels;

    @BeforeEach
    void project() throws Exception {
        synchronized (ProjectionToApiTest.class) {
            if (projected) {
                return;
            }
            ReadModelStore.COLLECTIONS.forEach(c -> liveReadModels.collection(c).drop());
            for (EventEnvelope envelope : CLINIC.envelopes()) {
                EncodedRecord record = codec.encode(envelope);
                liveApplier.apply(codec.decode(record.headers(), record.value()), record.headers(), record.value());
            }
            projected = true;
        }
    }

    @Test
    void theSummaryOfProjectedEventsHasTheHandWorkedAnswers() throws Exception {
        JsonNode report = get("/api/outcomes/summary?groupBy=chronicity");
        JsonNode chronic = null;
        for (JsonNode group : report.get("groups")) {
            if (group.get("chronicity").asText().equals("CHRONIC")) {
                chronic = group;
            }
        }

        assertThat(chronic).isNotNull();
        assertThat(chronic.get("courses").asLong()).isEqualTo(6);
        assertThat(chronic.get("responderRate").asDouble()).isEqualTo(0.8);
        assertThat(chronic.get("medianSessionsToRelief").asDouble()).isEqualTo(1.5);
        assertThat(chronic.get("meanPainChange").asDouble()).isEqualTo(3.0);
        assertThat(chronic.get("oneSessionResolutionRate").asDouble()).isEqualTo(0.333);
        assertThat(chronic.get("medianRetentionMinutes").asDouble()).isEqualTo(23.5);
        assertThat(chronic.get("sessionsStarted").asLong()).isEqualTo(9);
    }

    @Test
    void everyGroupingOverHttpEqualsThePureComputationOnTheSameHistory() throws Exception {
        ReadModelFixtures.Projected pure = ReadModelFixtures.project(CLINIC);
        OutcomeSummaries unsuppressed = new OutcomeSummaries(null, 1);
        for (String groupBy : List.of("", "location", "chronicity", "month,practitioner", "retention")) {
            List<Dimension> dimensions = groupBy.isEmpty() ? List.of() : java.util.Arrays.stream(groupBy.split(","))
                    .map(d -> Dimension.fromParameter(d).orElseThrow()).toList();
            SummaryReport expected = unsuppressed.summarize(OutcomeMeasuresTest.query(dimensions),
                    dimensions.contains(Dimension.RETENTION) ? pure.courseUnits() : pure.cellUnits(), "pure");

            JsonNode actual = get("/api/outcomes/summary" + (groupBy.isEmpty() ? "" : "?groupBy=" + groupBy));

            assertThat(actual.get("groups")).as("groupBy=%s", groupBy).isEqualTo(JSON.readTree(JSON.writeValueAsString(expected.groups())));
        }
    }

    @Test
    void projectedCoursesAreListedWithoutPersonalData() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/api/outcomes/courses")).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode page = JSON.readTree(response.body());

        assertThat(page.get("totalCourses").asLong()).isEqualTo(8);
        assertThat(response.body()).doesNotContain("Ada", "Example", "a private note", "stretch daily", "1980");
    }

    private JsonNode get(String path) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + path)).header("Accept", "application/json").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }
}
