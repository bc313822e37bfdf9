package dev.meridian.practice.security;

import static com.mongodb.client.model.Filters.in;
import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Updates;
import dev.meridian.practice.testing.Http;
import dev.meridian.practice.testing.SecuredServiceTest;
import dev.meridian.practice.testing.TestTokens;
import java.util.List;
import java.util.Set;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Where records live, for the access check: courses' and sessions' scopes are read once, patients' every time.
 */
class AccessScopesTest extends SecuredServiceTest {

    private static final String HOME = "loc-scopes-home";
    private static final String ELSEWHERE = "loc-scopes-elsewhere";

    @Autowired
    private AccessScopes scopes;

    @Test
    void aPatientSeenElsewhereOnlyOnceTheyHaveACourseThere() {
        String patientId = register(staff(), Person.unique("Scopes"), HOME);
        Http elsewhere = anonymous().as(TestTokens.practitioner(ELSEWHERE));
        assertThat(elsewhere.get("/api/patients/" + patientId).status()).isEqualTo(404);

        String courseId = openCourse(staff(), patientId, ELSEWHERE);

        // The patient's scope was read again, not kept from the refused request.
        assertThat(elsewhere.get("/api/patients/" + patientId).status()).isEqualTo(200);
        assertThat(elsewhere.get("/api/courses/" + courseId).status()).isEqualTo(200);
        Http home = anonymous().as(TestTokens.practitioner(HOME));
        assertThat(home.get("/api/courses/" + courseId).status()).isEqualTo(404);
    }

    @Test
    void aCoursesAndASessionsScopeAreReadOnceAndAPatientsEveryTime() {
        Http staff = staff();
        String patientId = register(staff, Person.unique("Scopes"), HOME);
        String courseId = openCourse(staff, patientId, HOME);
        String sessionId = startSession(staff, courseId);
        assertThat(scopes.find("TreatmentCourse", courseId)).get().extracting(AccessScopes.Scope::locations)
                .isEqualTo(Set.of(HOME));
        assertThat(scopes.find("Session", sessionId)).get().extracting(AccessScopes.Scope::patientId)
                .isEqualTo(patientId);
        assertThat(scopes.find("Patient", patientId)).get().extracting(AccessScopes.Scope::locations)
                .isEqualTo(Set.of(HOME));

        // Changed behind the service's back (no event ever moves a course or a session): only the patient's shows it.
        MongoCollection<Document> stored = mongoClient.getDatabase(DATABASE).getCollection(AccessScopes.COLLECTION);
        stored.updateMany(in("_id", List.of(patientId, courseId, sessionId)),
                Updates.combine(Updates.set("home", ELSEWHERE), Updates.set("location", ELSEWHERE)));

        assertThat(scopes.find("TreatmentCourse", courseId)).get().extracting(AccessScopes.Scope::locations)
                .isEqualTo(Set.of(HOME));
        assertThat(scopes.find("Session", sessionId)).get().extracting(AccessScopes.Scope::locations)
                .isEqualTo(Set.of(HOME));
        assertThat(scopes.find("Patient", patientId)).get().extracting(AccessScopes.Scope::locations)
                .isEqualTo(Set.of(ELSEWHERE, HOME));
        // A kept scope answers only for its own kind, as the stored one did.
        assertThat(scopes.find("Session", courseId)).isEmpty();
        assertThat(scopes.find("TreatmentCourse", sessionId)).isEmpty();
    }
}
