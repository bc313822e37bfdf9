package dev.meridian.practice.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meridian.practice.PracticeServiceApplication;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of the HTTP tests: the real service on a random port, the real MongoDB driver talking over TCP to the
 * embedded wire-protocol server (or to {@code MONGODB_URI} when set). All subclasses share one Spring context
 * (same configuration, so Spring caches it) and one database, fresh for this test JVM; tests stay independent by
 * creating their own patients, whose ids are fresh UUIDs.
 */
@SpringBootTest(classes = PracticeServiceApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
abstract class HttpApiTest {

    static final String DATABASE = "practice_http_" + Long.toString(System.currentTimeMillis(), 36);
    static final Duration VIEW_WAIT = Duration.ofSeconds(15);

    @DynamicPropertySource
    static void freshDatabase(DynamicPropertyRegistry registry) {
        registry.add("spring.data.mongodb.database", () -> DATABASE);
    }

    @LocalServerPort
    int port;
    @Autowired
    MongoTemplate mongo;

    Api api;

    @BeforeEach
    void client() {
        api = new Api(port);
    }

    // ---- the steps of the walk-through, each asserting its own success --------------------------------------

    String registerPatient() {
        Api.Response created = api.post("/api/patients", Map.of(
                "homeLocationId", "loc-north", "givenName", "Ada", "familyName", "Marlowfield",
                "birthDate", "1978-04-12", "email", "ada@example.org", "phone", "+44 20 7946 0000"));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        return created.text("patientId");
    }

    String openChronicCourse(String patientId) {
        Api.Response created = api.post("/api/patients/" + patientId + "/courses", Map.of(
                "locationId", "loc-north", "practitionerId", "pr-lee", "painLocation", "CENTRAL_LUMBAR",
                "onsetDate", LocalDate.now().minusMonths(6).toString(), "trigger", "LIFTING",
                "baselinePain", 7, "baselineOdi", 38));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        return created.text("courseId");
    }

    String scheduleSession(String courseId) {
        Api.Response created = api.post("/api/courses/" + courseId + "/sessions", Map.of(
                "scheduledAt", Instant.now().plusSeconds(3600).toString(), "practitionerId", "pr-lee"));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        return created.text("sessionId");
    }

    String startedSession(String courseId) {
        String sessionId = scheduleSession(courseId);
        expectNoContent(api.post("/api/sessions/" + sessionId + "/start", Map.of("preTreatmentPain", 7)));
        return sessionId;
    }

    static void expectNoContent(Api.Response response) {
        assertThat(response.status()).as(response.raw()).isEqualTo(204);
    }

    /** Waits until the view at {@code path} exists and satisfies the condition, and returns it. */
    JsonNode awaitView(String path, Predicate<JsonNode> condition) {
        JsonNode[] seen = new JsonNode[1];
        await().atMost(VIEW_WAIT).pollInterval(Duration.ofMillis(50)).until(() -> {
            Api.Response response = api.get(path);
            seen[0] = response.json();
            return response.status() == 200 && condition.test(response.json());
        });
        return seen[0];
    }

    long storedEvents() {
        return mongo.getCollection("domainevents").countDocuments();
    }

    static List<String> fields(Api.Response problem) {
        return problem.json().path("errors").findValuesAsText("field");
    }
}
