package dev.meridian.practice.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.practice.patient.ErasePatient;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Every error status of API.md, as RFC 9457 problem details: 400 names the API fields, 404 for unknown ids, 409
 * for what the current state forbids. No body carries a stack trace or a Java class name.
 */
class ErrorResponsesTest extends HttpApiTest {

    @Autowired
    CommandGateway gateway;

    private static Map<String, Object> validPatient() {
        Map<String, Object> body = new HashMap<>();
        body.put("homeLocationId", "loc-north");
        body.put("givenName", "Ada");
        body.put("familyName", "Marlowfield");
        body.put("birthDate", "1978-04-12");
        return body;
    }

    private static Map<String, Object> validCourse() {
        Map<String, Object> body = new HashMap<>();
        body.put("locationId", "loc-north");
        body.put("practitionerId", "pr-lee");
        body.put("painLocation", "CENTRAL_LUMBAR");
        body.put("onsetDate", "2026-01-10");
        body.put("trigger", "WORKOUT");
        body.put("baselinePain", 6);
        return body;
    }

    private static Api.Response assertProblem(Api.Response response, int status, String type) {
        assertThat(response.status()).as(response.raw()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().path("status").asInt()).isEqualTo(status);
        assertThat(response.text("type")).isEqualTo("https://meridian.dev/problems/" + type);
        assertThat(response.text("title")).isNotBlank();
        assertThat(response.text("detail")).isNotBlank();
        assertThat(response.raw()).doesNotContain("dev.meridian", "org.axonframework", "java.", "Exception",
                "\tat ", "trace");
        return response;
    }

    private static void assertInvalid(Api.Response response, String field) {
        assertProblem(response, 400, "invalid-request");
        assertThat(fields(response)).containsExactly(field);
        assertThat(response.json().at("/errors/0/message").asText()).isNotBlank();
    }

    // ---- 400 ---------------------------------------------------------------------------------------------

    @Test
    void a_missing_field_is_a_400_naming_it() {
        Map<String, Object> body = validPatient();
        body.remove("givenName");
        assertInvalid(api.post("/api/patients", body), "givenName");

        String patientId = registerPatient();
        Map<String, Object> course = validCourse();
        course.remove("baselinePain");
        assertInvalid(api.post("/api/patients/" + patientId + "/courses", course), "baselinePain");
    }

    @Test
    void several_invalid_fields_are_all_named() {
        Map<String, Object> body = validPatient();
        body.remove("familyName");
        body.put("homeLocationId", "not allowed!");
        Api.Response response = assertProblem(api.post("/api/patients", body), 400, "invalid-request");
        assertThat(fields(response)).containsExactlyInAnyOrder("familyName", "homeLocationId");
    }

    @Test
    void an_out_of_range_value_is_a_400_naming_it() {
        String courseId = openChronicCourse(registerPatient());
        String sessionId = scheduleSession(courseId);
        assertInvalid(api.post("/api/sessions/" + sessionId + "/start", Map.of("preTreatmentPain", 11)),
                "preTreatmentPain");
        assertInvalid(api.post("/api/sessions/" + sessionId + "/start", Map.of("preTreatmentPain", -1)),
                "preTreatmentPain");
        expectNoContent(api.post("/api/sessions/" + sessionId + "/start", Map.of("preTreatmentPain", 6)));
        Map<String, Object> retention = new HashMap<>(Map.of("muscles", List.of("MULTIFIDUS"), "needleCount", 4,
                "retentionMinutes", 61));
        assertInvalid(api.post("/api/sessions/" + sessionId + "/retained-needles", retention), "retentionMinutes");
        retention.put("retentionMinutes", 0);
        assertInvalid(api.post("/api/sessions/" + sessionId + "/retained-needles", retention), "retentionMinutes");
        assertInvalid(api.post("/api/sessions/" + sessionId + "/psoas-release",
                Map.of("side", "LEFT", "localTwitchResponse", false, "needleCount", 41)), "needleCount");
        assertInvalid(api.post("/api/courses/" + courseId + "/outcome-measures",
                Map.of("measuredOn", "2026-01-15", "pain", 3, "odi", 101)), "odi");
    }

    @Test
    void a_fractional_pain_score_is_a_400_not_rounded() {
        String sessionId = scheduleSession(openChronicCourse(registerPatient()));
        Api.Response response = api.postRaw("/api/sessions/" + sessionId + "/start", "{\"preTreatmentPain\": 6.5}");
        assertInvalid(response, "preTreatmentPain");
        assertThat(response.json().at("/errors/0/message").asText()).isEqualTo("must be a whole number");
    }

    @Test
    void an_unknown_enum_value_is_a_400_listing_the_values() {
        String patientId = registerPatient();
        Map<String, Object> course = validCourse();
        course.put("painLocation", "UPPER_BACK");
        Api.Response response = api.post("/api/patients/" + patientId + "/courses", course);
        assertInvalid(response, "painLocation");
        assertThat(response.json().at("/errors/0/message").asText())
                .isEqualTo("must be one of [CENTRAL_LUMBAR, LEFT, RIGHT, BILATERAL]");

        String sessionId = startedSession(openChronicCourse(patientId));
        assertInvalid(api.post("/api/sessions/" + sessionId + "/retained-needles", Map.of(
                "muscles", List.of("MULTIFIDUS", "BICEPS"), "needleCount", 4, "retentionMinutes", 20)),
                "muscles[1]");
    }

    @Test
    void malformed_json_is_a_400_on_the_body() {
        Api.Response response = api.postRaw("/api/patients", "{\"homeLocationId\": \"loc-north\", ");
        assertInvalid(response, "body");
        assertInvalid(api.postRaw("/api/patients", "[1, 2]"), "body");
        assertInvalid(api.postRaw("/api/patients", ""), "body");
        Map<String, Object> wrongType = validPatient();
        wrongType.put("birthDate", "12/04/1978");
        Api.Response date = api.post("/api/patients", wrongType);
        assertInvalid(date, "birthDate");
        assertThat(date.json().at("/errors/0/message").asText()).isEqualTo("must be a date like 2026-11-23");
    }

    @Test
    void a_future_date_is_a_400_naming_it() {
        String patientId = registerPatient();
        Map<String, Object> course = validCourse();
        course.put("onsetDate", LocalDate.now().plusDays(3).toString());
        assertInvalid(api.post("/api/patients/" + patientId + "/courses", course), "onsetDate");

        Map<String, Object> patient = validPatient();
        patient.put("birthDate", LocalDate.now().plusYears(1).toString());
        assertInvalid(api.post("/api/patients", patient), "birthDate");
    }

    @Test
    void retention_in_the_psoas_is_a_400_on_muscles() {
        String sessionId = startedSession(openChronicCourse(registerPatient()));
        Api.Response response = api.post("/api/sessions/" + sessionId + "/retained-needles", Map.of(
                "muscles", List.of("ERECTOR_SPINAE", "PSOAS"), "needleCount", 6, "retentionMinutes", 25));
        assertInvalid(response, "muscles");
        assertThat(response.json().at("/errors/0/message").asText()).contains("psoas");
    }

    // ---- 404 ---------------------------------------------------------------------------------------------

    @Test
    void unknown_patients_courses_and_sessions_are_404() {
        String unknown = UUID.randomUUID().toString();
        assertProblem(api.get("/api/patients/" + unknown), 404, "not-found");
        assertProblem(api.post("/api/patients/" + unknown + "/courses", validCourse()), 404, "not-found");
        assertProblem(api.get("/api/courses/" + unknown), 404, "not-found");
        assertProblem(api.post("/api/courses/" + unknown + "/sessions",
                Map.of("scheduledAt", "2026-11-24T09:30:00Z", "practitionerId", "pr-lee")), 404, "not-found");
        assertProblem(api.post("/api/courses/" + unknown + "/close",
                Map.of("outcome", "RESOLVED", "closingPain", 0)), 404, "not-found");
        assertProblem(api.get("/api/sessions/" + unknown), 404, "not-found");
        assertProblem(api.post("/api/sessions/" + unknown + "/start", Map.of("preTreatmentPain", 5)),
                404, "not-found");
        assertProblem(api.get("/api/sessions/not-a-uuid"), 404, "not-found");
        assertProblem(api.post("/api/sessions/not-a-uuid/complete", Map.of("postTreatmentPain", 2)),
                404, "not-found");
    }

    @Test
    void an_id_of_another_kind_is_404_and_writes_nothing() {
        String patientId = registerPatient();
        String courseId = openChronicCourse(patientId);
        long before = storedEvents();
        assertProblem(api.post("/api/sessions/" + courseId + "/start", Map.of("preTreatmentPain", 5)),
                404, "not-found");
        assertProblem(api.post("/api/courses/" + patientId + "/homework",
                Map.of("exercises", List.of("PSOAS_STRETCH"))), 404, "not-found");
        assertProblem(api.post("/api/patients/" + courseId + "/courses", validCourse()), 404, "not-found");
        assertProblem(api.get("/api/sessions/" + courseId), 404, "not-found");
        assertThat(storedEvents()).isEqualTo(before);
    }

    // ---- 409 ---------------------------------------------------------------------------------------------

    @Test
    void treatment_before_the_session_started_is_a_409() {
        String sessionId = scheduleSession(openChronicCourse(registerPatient()));
        assertProblem(api.post("/api/sessions/" + sessionId + "/psoas-release",
                Map.of("side", "RIGHT", "localTwitchResponse", true, "needleCount", 3)), 409, "command-refused");
        assertProblem(api.post("/api/sessions/" + sessionId + "/complete", Map.of("postTreatmentPain", 2)),
                409, "command-refused");
    }

    @Test
    void anything_after_completion_or_cancellation_is_a_409() {
        String courseId = openChronicCourse(registerPatient());
        String completed = startedSession(courseId);
        expectNoContent(api.post("/api/sessions/" + completed + "/complete", Map.of("postTreatmentPain", 2)));
        assertProblem(api.post("/api/sessions/" + completed + "/complete", Map.of("postTreatmentPain", 1)),
                409, "command-refused");
        assertProblem(api.post("/api/sessions/" + completed + "/emotional-responses",
                Map.of("phase", "AFTER_TREATMENT", "intensity", "MILD", "traumaRelated", "NO")),
                409, "command-refused");

        String cancelled = scheduleSession(courseId);
        expectNoContent(api.post("/api/sessions/" + cancelled + "/cancel", Map.of("reason", "NO_SHOW")));
        assertProblem(api.post("/api/sessions/" + cancelled + "/start", Map.of("preTreatmentPain", 5)),
                409, "command-refused");
    }

    @Test
    void a_closed_course_takes_no_session_no_homework_and_no_second_closing() {
        String courseId = openChronicCourse(registerPatient());
        expectNoContent(api.post("/api/courses/" + courseId + "/close",
                Map.of("outcome", "RESOLVED", "closingPain", 0)));
        Api.Response session = assertProblem(api.post("/api/courses/" + courseId + "/sessions",
                Map.of("scheduledAt", "2026-11-24T09:30:00Z", "practitionerId", "pr-lee")), 409, "command-refused");
        assertThat(session.text("detail")).contains("closed");
        assertProblem(api.post("/api/courses/" + courseId + "/homework",
                Map.of("exercises", List.of("CORE_STABILITY"))), 409, "command-refused");
        assertProblem(api.post("/api/courses/" + courseId + "/close",
                Map.of("outcome", "RESOLVED", "closingPain", 0)), 409, "command-refused");
    }

    @Test
    void an_erased_patient_gets_no_new_course() {
        String patientId = registerPatient();
        gateway.sendAndWait(new ErasePatient(patientId));
        assertProblem(api.post("/api/patients/" + patientId + "/courses", validCourse()), 409, "command-refused");
    }

    @Test
    void an_unknown_path_is_a_404_problem_too() {
        Api.Response response = api.get("/api/nothing-here");
        assertThat(response.status()).isEqualTo(404);
        assertThat(response.contentType()).startsWith("application/problem+json");
    }
}
