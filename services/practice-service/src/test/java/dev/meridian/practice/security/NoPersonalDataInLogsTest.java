package dev.meridian.practice.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.practice.testing.Http;
import dev.meridian.practice.testing.SecuredServiceTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The log of the whole integration suite so far (every test class of this JVM that ran before, through
 * logback-test.xml's file) holds none of the personal data of any patient the tests registered. This test adds a
 * journey of its own that goes through refusals and errors (where a value is most likely to be echoed), then scans.
 */
class NoPersonalDataInLogsTest extends SecuredServiceTest {

    static final Path SUITE_LOG = Path.of("target/test-logs/suite.log");

    @Test
    void no_personal_data_of_any_test_patient_is_in_the_log() throws IOException {
        Http admin = staff();
        Person person = Person.unique("Lg");
        String patientId = register(admin, person, "loc-log");
        String courseId = openCourse(admin, patientId, "loc-log");
        // Refusals that carry personal data in their bodies.
        admin.post("/api/patients", Map.of("homeLocationId", "bad location", "givenName", person.givenName(),
                "familyName", person.familyName(), "birthDate", "2999-01-01", "email", person.email() + " invalid"));
        admin.post("/api/courses/" + courseId + "/homework", Map.of("exercises", List.of("NOT_AN_EXERCISE"),
                "note", person.familyName() + " note"));
        admin.postRaw("/api/patients", "{\"givenName\": \"" + person.givenName() + "\", ");
        admin.post("/api/patients/" + patientId + "/erase", Map.of());
        admin.post("/api/courses/" + courseId + "/homework", Map.of("exercises", List.of("PSOAS_STRETCH"),
                "note", person.givenName() + " after erasure"));

        String log = Files.readString(SUITE_LOG);
        assertThat(log).contains(patientId); // the log is the right one, and ids may be logged
        for (Person registered : Person.ALL) {
            for (String personal : registered.strings()) {
                assertThat(log).as("the log holds personal data of a test patient").doesNotContain(personal);
            }
        }
        assertThat(log).doesNotContain("Marlowfield"); // the patient of the staff API tests
    }
}
