package dev.meridian.practice.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meridian.practice.testing.Http;
import dev.meridian.practice.testing.SecuredServiceTest;
import dev.meridian.practice.testing.TestTokens;
import dev.meridian.security.Role;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every command and read of a patient, course or session is in the audit trail, refused ones included. */
class AuditTrailTest extends SecuredServiceTest {

    @Test
    void commands_and_reads_are_recorded_with_who_role_when_what_and_outcome_and_can_be_filtered() {
        Instant before = Instant.now();
        String location = "loc-audit";
        String user = "pr-audit-" + System.nanoTime();
        Http practitioner = anonymous().as(TestTokens.token(user, Role.PRACTITIONER, List.of(location)));
        Http manager = anonymous().as(TestTokens.token("cm-audit", Role.CLINIC_MANAGER, List.of(location)));
        Person person = Person.unique("Au");

        String patientId = register(practitioner, person, location);
        String courseId = openCourse(practitioner, patientId, location);
        awaitView(practitioner, "/api/patients/" + patientId, view -> view.path("courses").size() == 1);
        assertThat(manager.post("/api/courses/" + courseId + "/close",
                Map.of("outcome", "RESOLVED", "closingPain", 0)).status()).isEqualTo(403);

        Http admin = staff();
        JsonNode byPatient = admin.get("/api/audit?patientId=" + patientId).json().path("entries");
        List<String> actions = new ArrayList<>();
        byPatient.forEach(entry -> actions.add(entry.path("action").asText() + " " + entry.path("status").asInt()
                + " " + entry.path("outcome").asText() + " " + entry.path("role").asText()));
        assertThat(actions).contains(
                "POST /api/patients 201 SUCCEEDED PRACTITIONER",
                "POST /api/patients/{patientId}/courses 201 SUCCEEDED PRACTITIONER",
                "GET /api/patients/{patientId} 200 SUCCEEDED PRACTITIONER",
                "POST /api/courses/{courseId}/close 403 DENIED CLINIC_MANAGER");
        assertThat(byPatient.toString()).doesNotContain(person.givenName(), person.familyName(), person.email());
        byPatient.forEach(entry -> assertThat(Instant.parse(entry.path("at").asText())).isAfterOrEqualTo(before));

        JsonNode byUser = admin.get("/api/audit?user=" + user).json().path("entries");
        assertThat(byUser).isNotEmpty().allSatisfy(entry -> assertThat(entry.path("subject").asText()).isEqualTo(user));
        JsonNode later = admin.get("/api/audit?user=" + user + "&from=" + Instant.now().plusSeconds(60)).json()
                .path("entries");
        assertThat(later).isEmpty();
    }

    @Test
    void requests_without_a_token_are_recorded_too() {
        String path = "/api/patients/" + java.util.UUID.randomUUID();
        assertThat(anonymous().get(path).status()).isEqualTo(401);
        JsonNode entries = staff().get("/api/audit?limit=50").json().path("entries");
        assertThat(entries.findValuesAsText("path")).contains(path);
    }
}
