package dev.meridian.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;

/** practice-service's staff API (API.md), as clinic staff call it over HTTP. */
final class StaffApi {

    private final RestClient http;

    StaffApi(String baseUrl, String bearerToken) {
        this.http = RestClient.builder().baseUrl(baseUrl)
                .defaultHeader("Authorization", "Bearer " + bearerToken).build();
    }

    String registerPatient(String homeLocationId) {
        return create("/api/patients", Map.of("homeLocationId", homeLocationId, "givenName", "Ada",
                "familyName", "Example", "birthDate", "1979-03-14", "email", "ada@example.org"), "patientId");
    }

    /** @param onsetWeeksAgo decides the chronicity: under 6 acute, 6 to 12 subacute, over 12 chronic */
    String openCourse(String patientId, String locationId, String practitionerId, int onsetWeeksAgo,
                      int baselinePain, Integer baselineOdi) {
        Map<String, Object> body = new HashMap<>(Map.of("locationId", locationId, "practitionerId", practitionerId,
                "painLocation", "CENTRAL_LUMBAR",
                "onsetDate", LocalDate.now(ZoneOffset.UTC).minusWeeks(onsetWeeksAgo).toString(),
                "trigger", "LIFTING", "baselinePain", baselinePain));
        if (baselineOdi != null) {
            body.put("baselineOdi", baselineOdi);
        }
        return create("/api/patients/" + patientId + "/courses", body, "courseId");
    }

    String scheduleSession(String courseId, String practitionerId) {
        return create("/api/courses/" + courseId + "/sessions", Map.of("practitionerId", practitionerId,
                "scheduledAt", Instant.now().plus(1, ChronoUnit.DAYS).toString()), "sessionId");
    }

    void startSession(String sessionId, int preTreatmentPain) {
        post("/api/sessions/" + sessionId + "/start", Map.of("preTreatmentPain", preTreatmentPain));
    }

    void releasePsoas(String sessionId, String side, boolean localTwitchResponse) {
        post("/api/sessions/" + sessionId + "/psoas-release", Map.of("side", side,
                "localTwitchResponse", localTwitchResponse, "needleCount", 4));
    }

    void retainNeedles(String sessionId, int minutes) {
        post("/api/sessions/" + sessionId + "/retained-needles", Map.of(
                "muscles", List.of("QUADRATUS_LUMBORUM", "ERECTOR_SPINAE"), "needleCount", 8,
                "retentionMinutes", minutes));
    }

    void noteEmotionalResponse(String sessionId, String phase, String intensity, String traumaRelated) {
        post("/api/sessions/" + sessionId + "/emotional-responses", Map.of("phase", phase, "intensity", intensity,
                "traumaRelated", traumaRelated, "note", "Tearful; settled within minutes"));
    }

    void completeSession(String sessionId, int postTreatmentPain) {
        post("/api/sessions/" + sessionId + "/complete", Map.of("postTreatmentPain", postTreatmentPain));
    }

    void cancelSession(String sessionId, String reason) {
        post("/api/sessions/" + sessionId + "/cancel", Map.of("reason", reason));
    }

    void assignHomework(String courseId, List<String> exercises) {
        post("/api/courses/" + courseId + "/homework", Map.of("exercises", exercises, "note", "Twice a day"));
    }

    void recordOutcomeMeasure(String courseId, int pain, Integer odi) {
        Map<String, Object> body = new HashMap<>(Map.of("measuredOn", LocalDate.now(ZoneOffset.UTC).toString(),
                "pain", pain));
        if (odi != null) {
            body.put("odi", odi);
        }
        post("/api/courses/" + courseId + "/outcome-measures", body);
    }

    void closeCourse(String courseId, String outcome, int closingPain) {
        post("/api/courses/" + courseId + "/close", Map.of("outcome", outcome, "closingPain", closingPain));
    }

    private String create(String path, Map<String, ?> body, String idField) {
        JsonNode created = http.post().uri(path).contentType(MediaType.APPLICATION_JSON).body(body).retrieve()
                .body(JsonNode.class);
        return created.get(idField).asText();
    }

    private void post(String path, Map<String, ?> body) {
        http.post().uri(path).contentType(MediaType.APPLICATION_JSON).body(body).retrieve().toBodilessEntity();
    }
}
