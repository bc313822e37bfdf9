package dev.meridian.practice.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meridian.events.TreatmentCourseOpened;
import dev.meridian.practice.testing.Http;
import dev.meridian.practice.testing.RawTopic;
import dev.meridian.practice.testing.SecuredServiceTest;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * Erasure by crypto-shredding, end to end: afterwards no byte of the patient's personal data is readable in any
 * MongoDB collection of the service, on the Kafka topic, or in the log; the views say "erased"; the clinical facts
 * stay; and nothing more is accepted for the patient.
 */
@ExtendWith(OutputCaptureExtension.class)
class ErasureTest extends SecuredServiceTest {

    @Autowired
    EventStore eventStore;

    @Test
    void after_erasure_no_personal_string_is_left_anywhere_and_the_patient_accepts_nothing(CapturedOutput log) {
        Http as = staff();
        Person person = Person.unique("Er");
        String tag = Long.toString(System.nanoTime(), 36);
        String homeworkNote = "Homework note about her divorce " + tag;
        String emotionNote = "Emotional note about the assault " + tag;
        List<String> personal = new ArrayList<>(person.strings());
        personal.add(homeworkNote);
        personal.add(emotionNote);

        String patientId = register(as, person, "loc-north");
        String courseId = openCourse(as, patientId, "loc-north");
        expect2xx(as.post("/api/courses/" + courseId + "/homework",
                Map.of("exercises", List.of("CORE_STABILITY"), "note", homeworkNote)));
        String sessionId = startSession(as, courseId);
        expect2xx(as.post("/api/sessions/" + sessionId + "/emotional-responses", Map.of("phase", "AT_PAIN_ONSET",
                "intensity", "MODERATE", "traumaRelated", "YES", "note", emotionNote)));
        // Before: the views show the personal data (so the scan below would find it if erasure missed it).
        awaitView(as, "/api/sessions/" + sessionId, view -> view.toString().contains(emotionNote));
        awaitView(as, "/api/patients/" + patientId, view -> person.givenName().equals(view.path("givenName").asText()));
        await().atMost(WAIT).until(() -> RawTopic.read(kafkaServers, TOPIC).stream()
                .anyMatch(line -> line.contains(sessionId) && line.contains("EmotionalResponseNoted")));

        Http.Response erased = as.post("/api/patients/" + patientId + "/erase", Map.of());
        assertThat(erased.status()).as(erased.raw()).isEqualTo(204);

        JsonNode patientView = awaitView(as, "/api/patients/" + patientId, view -> view.path("erased").asBoolean());
        awaitView(as, "/api/sessions/" + sessionId, view -> !view.toString().contains(emotionNote));
        awaitView(as, "/api/courses/" + courseId, view -> !view.toString().contains(homeworkNote));
        assertThat(patientView.has("givenName")).isFalse();

        List<String> database = rawDatabase();
        List<String> topic = RawTopic.read(kafkaServers, TOPIC);
        for (String secret : personal) {
            assertThat(database).as("MongoDB").noneMatch(line -> line.contains(secret));
            assertThat(topic).as("Kafka").noneMatch(line -> line.contains(secret));
            assertThat(log.getAll()).as("log").doesNotContain(secret);
        }

        // The de-identified clinical facts stay, in the event store and on the topic.
        assertThat(eventStore.readEvents(courseId).asStream().map(DomainEventMessage::getPayload))
                .first().isInstanceOfSatisfying(TreatmentCourseOpened.class,
                        opened -> assertThat(opened.baselinePain()).isEqualTo(7));
        assertThat(topic).anyMatch(line -> line.contains(courseId) && line.contains("TreatmentCourseOpened"));

        // Nothing more for this patient: patient, course and session commands all answer 409; nothing is written.
        long events = mongoClient.getDatabase(DATABASE).getCollection("domainevents").countDocuments();
        assertConflict(as.post("/api/patients/" + patientId + "/erase", Map.of()));
        assertConflict(as.post("/api/patients/" + patientId + "/courses", Map.of("locationId", "loc-north",
                "practitionerId", "pr-lee", "painLocation", "LEFT", "onsetDate", LocalDate.now().toString(),
                "trigger", "OTHER", "baselinePain", 5)));
        assertConflict(as.post("/api/courses/" + courseId + "/homework",
                Map.of("exercises", List.of("PSOAS_STRETCH"), "note", "again")));
        assertConflict(as.post("/api/courses/" + courseId + "/sessions",
                Map.of("scheduledAt", Instant.now().toString(), "practitionerId", "pr-lee")));
        assertConflict(as.post("/api/sessions/" + sessionId + "/emotional-responses", Map.of("phase",
                "AFTER_TREATMENT", "intensity", "MILD", "traumaRelated", "NO", "note", "again")));
        assertConflict(as.post("/api/sessions/" + sessionId + "/complete", Map.of("postTreatmentPain", 2)));
        assertThat(mongoClient.getDatabase(DATABASE).getCollection("domainevents").countDocuments())
                .isEqualTo(events);
    }

    @Test
    void erasing_an_unknown_patient_is_404() {
        assertThat(staff().post("/api/patients/0f8fad5b-d9cb-469f-a165-70867728950e/erase", Map.of()).status())
                .isEqualTo(404);
    }

    private static void assertConflict(Http.Response response) {
        assertThat(response.status()).as(response.raw()).isEqualTo(409);
        assertThat(response.contentType()).startsWith("application/problem+json");
    }
}
