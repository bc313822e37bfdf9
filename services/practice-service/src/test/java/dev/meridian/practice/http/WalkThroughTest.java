package dev.meridian.practice.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The README's walk-through, step by step, over HTTP: one patient's chronic course with one session. */
class WalkThroughTest extends HttpApiTest {

    @Test
    void one_patients_chronic_course_from_registration_to_homework() {
        Api.Response registered = api.post("/api/patients", Map.of(
                "homeLocationId", "loc-north", "givenName", "Ada", "familyName", "Marlowfield",
                "birthDate", "1978-04-12", "email", "ada@example.org"));
        assertThat(registered.status()).isEqualTo(201);
        String patientId = registered.text("patientId");
        assertThat(registered.location()).endsWith("/api/patients/" + patientId);

        String courseId = openChronicCourse(patientId);
        Api.Response scheduled = api.post("/api/courses/" + courseId + "/sessions",
                Map.of("scheduledAt", "2026-11-24T09:30:00Z", "practitionerId", "pr-lee"));
        assertThat(scheduled.status()).isEqualTo(201);
        String sessionId = scheduled.text("sessionId");
        assertThat(scheduled.location()).endsWith("/api/sessions/" + sessionId);

        String session = "/api/sessions/" + sessionId;
        expectNoContent(api.post(session + "/start", Map.of("preTreatmentPain", 7)));
        expectNoContent(api.post(session + "/psoas-release",
                Map.of("side", "LEFT", "localTwitchResponse", true, "needleCount", 4)));
        expectNoContent(api.post(session + "/retained-needles", Map.of(
                "muscles", List.of("QUADRATUS_LUMBORUM", "ERECTOR_SPINAE"), "needleCount", 8,
                "retentionMinutes", 25)));
        expectNoContent(api.post(session + "/emotional-responses", Map.of(
                "phase", "DURING_RELEASE", "intensity", "MODERATE", "traumaRelated", "UNKNOWN",
                "note", "Tearful as the left psoas released; settled within minutes")));
        expectNoContent(api.post(session + "/complete", Map.of("postTreatmentPain", 3)));
        expectNoContent(api.post("/api/courses/" + courseId + "/homework", Map.of(
                "exercises", List.of("PSOAS_STRETCH", "HIP_FLEXOR_STRETCH", "CORE_STABILITY"),
                "note", "Twice a day, 30 seconds each side")));

        JsonNode course = awaitView("/api/courses/" + courseId,
                c -> c.path("homework").size() == 1 && "COMPLETED".equals(c.at("/sessions/0/status").asText()));
        assertThat(course.path("courseId").asText()).isEqualTo(courseId);
        assertThat(course.path("patientId").asText()).isEqualTo(patientId);
        assertThat(course.path("chronicity").asText()).isEqualTo("CHRONIC");
        assertThat(course.path("complaint").asText()).isEqualTo("LOW_BACK_PAIN");
        assertThat(course.path("status").asText()).isEqualTo("OPEN");
        assertThat(course.path("baselinePain").asInt()).isEqualTo(7);
        assertThat(course.path("latestPain").asInt()).isEqualTo(3);
        assertThat(course.path("painChange").asInt()).isEqualTo(4);
        assertThat(course.path("sessions")).hasSize(1);
        assertThat(course.at("/sessions/0/sessionId").asText()).isEqualTo(sessionId);
        assertThat(course.at("/sessions/0/preTreatmentPain").asInt()).isEqualTo(7);
        assertThat(course.at("/sessions/0/postTreatmentPain").asInt()).isEqualTo(3);
        assertThat(course.at("/homework/0/exercises").findValuesAsText("")).isEmpty();
        assertThat(course.at("/homework/0/exercises").toString())
                .isEqualTo("[\"PSOAS_STRETCH\",\"HIP_FLEXOR_STRETCH\",\"CORE_STABILITY\"]");
        assertThat(course.at("/homework/0/note").asText()).isEqualTo("Twice a day, 30 seconds each side");
        assertThat(course.has("appliedSequences")).as("bookkeeping stays internal").isFalse();

        JsonNode done = awaitView(session, s -> "COMPLETED".equals(s.path("status").asText()));
        assertThat(done.path("preTreatmentPain").asInt()).isEqualTo(7);
        assertThat(done.path("postTreatmentPain").asInt()).isEqualTo(3);
        assertThat(done.path("painChange").asInt()).isEqualTo(4);
        assertThat(done.at("/psoasReleases/0/side").asText()).isEqualTo("LEFT");
        assertThat(done.at("/psoasReleases/0/technique").asText()).isEqualTo("TRIGGER_POINT_DRY_NEEDLING");
        assertThat(done.at("/psoasReleases/0/localTwitchResponse").asBoolean()).isTrue();
        assertThat(done.at("/psoasReleases/0/needleCount").asInt()).isEqualTo(4);
        assertThat(done.at("/retainedNeedles/0/muscles").toString())
                .isEqualTo("[\"QUADRATUS_LUMBORUM\",\"ERECTOR_SPINAE\"]");
        assertThat(done.at("/retainedNeedles/0/retentionMinutes").asInt()).isEqualTo(25);
        assertThat(done.at("/emotionalResponses/0/phase").asText()).isEqualTo("DURING_RELEASE");
        assertThat(done.at("/emotionalResponses/0/intensity").asText()).isEqualTo("MODERATE");
        assertThat(done.at("/emotionalResponses/0/note").asText())
                .isEqualTo("Tearful as the left psoas released; settled within minutes");

        JsonNode patient = awaitView("/api/patients/" + patientId, p -> p.path("courses").size() == 1);
        assertThat(patient.path("givenName").asText()).isEqualTo("Ada");
        assertThat(patient.path("birthDate").asText()).isEqualTo("1978-04-12");
        assertThat(patient.path("erased").asBoolean()).isFalse();
        assertThat(patient.at("/courses/0/courseId").asText()).isEqualTo(courseId);
        assertThat(patient.at("/courses/0/chronicity").asText()).isEqualTo("CHRONIC");
        assertThat(patient.at("/courses/0/status").asText()).isEqualTo("OPEN");
    }

    @Test
    void a_course_is_closed_with_an_outcome_after_a_follow_up_measure() {
        String patientId = registerPatient();
        String courseId = openChronicCourse(patientId);

        expectNoContent(api.post("/api/courses/" + courseId + "/outcome-measures",
                Map.of("measuredOn", "2026-01-15", "pain", 2, "odi", 12)));
        expectNoContent(api.post("/api/courses/" + courseId + "/close",
                Map.of("outcome", "IMPROVED", "closingPain", 1)));

        JsonNode course = awaitView("/api/courses/" + courseId, c -> "CLOSED".equals(c.path("status").asText()));
        assertThat(course.path("outcome").asText()).isEqualTo("IMPROVED");
        assertThat(course.path("closingPain").asInt()).isEqualTo(1);
        assertThat(course.at("/outcomeMeasures/0/measuredOn").asText()).isEqualTo("2026-01-15");
        assertThat(course.at("/outcomeMeasures/0/odi").asInt()).isEqualTo(12);
        assertThat(course.path("painChange").asInt()).isEqualTo(6);
        JsonNode patient = awaitView("/api/patients/" + patientId,
                p -> "CLOSED".equals(p.at("/courses/0/status").asText()));
        assertThat(patient.at("/courses/0/outcome").asText()).isEqualTo("IMPROVED");
    }
}
