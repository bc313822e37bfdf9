package dev.meridian.practice.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A refused request writes nothing: no event in the event store ({@code domainevents}), and the read views are
 * unchanged once everything before a later, accepted command of the same patient has been projected.
 */
class RefusedRequestsWriteNothingTest extends HttpApiTest {

    @Test
    void refusals_of_every_kind_leave_the_event_store_and_the_views_as_they_were() {
        String patientId = registerPatient();
        String courseId = openChronicCourse(patientId);
        String sessionId = startedSession(courseId);
        String session = "/api/sessions/" + sessionId;
        String course = "/api/courses/" + courseId;
        JsonNode sessionBefore = awaitView(session, s -> "STARTED".equals(s.path("status").asText()));
        JsonNode courseBefore = awaitView(course, c -> "STARTED".equals(c.at("/sessions/0/status").asText()));
        long eventsBefore = storedEvents();

        List<Api.Response> refused = List.of(
                // 400 from Bean Validation, before any command is sent
                api.post(session + "/complete", Map.of("postTreatmentPain", 11)),
                api.postRaw(session + "/psoas-release", "{\"side\": \"LEFT\", "),
                // 400 from the aggregates' own value rules
                api.post(session + "/retained-needles", Map.of("muscles", List.of("PSOAS", "MULTIFIDUS"),
                        "needleCount", 6, "retentionMinutes", 25)),
                api.post(session + "/retained-needles", Map.of("muscles", List.of("MULTIFIDUS", "MULTIFIDUS"),
                        "needleCount", 6, "retentionMinutes", 25)),
                api.post(course + "/outcome-measures", Map.of("measuredOn",
                        LocalDate.now().plusDays(3).toString(), "pain", 3)),
                // 409 from the aggregates' state rules
                api.post(session + "/start", Map.of("preTreatmentPain", 5)),
                api.post(session + "/cancel", Map.of("reason", "NO_SHOW")),
                // 404
                api.post("/api/sessions/" + UUID.randomUUID() + "/start", Map.of("preTreatmentPain", 5)),
                api.post("/api/courses/" + patientId + "/homework", Map.of("exercises", List.of("CORE_STABILITY"))));

        assertThat(refused).extracting(Api.Response::status)
                .containsExactly(400, 400, 400, 400, 400, 409, 409, 404, 404);
        assertThat(storedEvents()).isEqualTo(eventsBefore);

        // A barrier: a new course of the same patient. The projection handles a patient's events in order, so once
        // it shows, everything stored before it has been projected.
        String laterCourse = openChronicCourse(patientId);
        awaitView("/api/patients/" + patientId, p -> p.path("courses").size() == 2
                && laterCourse.equals(p.at("/courses/1/courseId").asText()));
        assertThat(storedEvents()).isEqualTo(eventsBefore + 1);
        assertThat(api.get(session).json()).isEqualTo(sessionBefore);
        assertThat(api.get(course).json()).isEqualTo(courseBefore);
    }

    @Test
    void a_refused_closing_leaves_the_course_open_and_accepting() {
        String courseId = openChronicCourse(registerPatient());
        long before = storedEvents();
        assertThat(api.post("/api/courses/" + courseId + "/close",
                Map.of("outcome", "RESOLVED", "closingPain", 11)).status()).isEqualTo(400);
        assertThat(api.post("/api/courses/" + courseId + "/close", Map.of("outcome", "FINISHED",
                "closingPain", 0)).status()).isEqualTo(400);
        assertThat(storedEvents()).isEqualTo(before);
        assertThat(api.post("/api/courses/" + courseId + "/sessions",
                Map.of("scheduledAt", "2026-11-24T09:30:00Z", "practitionerId", "pr-lee")).status()).isEqualTo(201);
    }
}
