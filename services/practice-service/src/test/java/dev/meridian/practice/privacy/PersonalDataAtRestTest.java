package dev.meridian.practice.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.meridian.events.ClinicEvent;
import dev.meridian.events.EmotionalResponseNoted;
import dev.meridian.events.Exercise;
import dev.meridian.events.HomeworkAssigned;
import dev.meridian.events.PatientContactUpdated;
import dev.meridian.events.PatientRegistered;
import dev.meridian.events.PersonalDetails;
import dev.meridian.practice.patient.UpdatePatientContact;
import dev.meridian.practice.testing.Http;
import dev.meridian.practice.testing.SecuredServiceTest;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Personal data inside stored events is sealed with the patient's key: the raw event store holds none of it, the
 * service reads it back plain, and once the key is destroyed the same events read as their de-identified selves.
 */
class PersonalDataAtRestTest extends SecuredServiceTest {

    static final String HOMEWORK_NOTE = "Stretch mornings; mentions caring for her father";
    static final String EMOTION_NOTE = "Wept during release, recalled the crash on the ring road";

    @Autowired
    EventStore eventStore;
    @Autowired
    PatientKeys keys;
    @Autowired
    CommandGateway commands;

    record Journey(String patientId, String courseId, String sessionId, Person person, String homeworkNote,
                   String emotionNote) {

        List<String> personalStrings() {
            return java.util.stream.Stream.concat(person.strings().stream(), java.util.stream.Stream.of(
                    homeworkNote, emotionNote)).toList();
        }
    }

    Journey journey() {
        Http as = staff();
        Person person = Person.unique("At");
        String tag = Long.toString(System.nanoTime(), 36);
        String patientId = register(as, person, "loc-north");
        String courseId = openCourse(as, patientId, "loc-north");
        String homeworkNote = HOMEWORK_NOTE + " " + tag;
        expect2xx(as.post("/api/courses/" + courseId + "/homework",
                Map.of("exercises", List.of("PSOAS_STRETCH"), "note", homeworkNote)));
        String sessionId = startSession(as, courseId);
        String emotionNote = EMOTION_NOTE + " " + tag;
        expect2xx(as.post("/api/sessions/" + sessionId + "/emotional-responses", Map.of("phase", "DURING_RELEASE",
                "intensity", "STRONG", "traumaRelated", "YES", "note", emotionNote)));
        return new Journey(patientId, courseId, sessionId, person, homeworkNote, emotionNote);
    }

    @Test
    void the_event_store_holds_no_personal_string_and_the_service_reads_them_back() {
        Journey journey = journey();

        List<String> events = rawDatabase().stream().filter(line -> line.startsWith("domainevents:")).toList();
        assertThat(events).anyMatch(line -> line.contains(journey.patientId()) && line.contains("$encrypted"));
        for (String personal : journey.personalStrings()) {
            assertThat(events).noneMatch(line -> line.contains(personal));
        }

        PatientRegistered registered = first(journey.patientId(), PatientRegistered.class);
        assertThat(registered.personal()).isEqualTo(new PersonalDetails(journey.person().givenName(),
                journey.person().familyName(), LocalDate.parse(journey.person().birthDate()),
                journey.person().email(), journey.person().phone()));
        assertThat(first(journey.courseId(), HomeworkAssigned.class).note()).isEqualTo(journey.homeworkNote());
        assertThat(first(journey.sessionId(), EmotionalResponseNoted.class).privateNote())
                .isEqualTo(journey.emotionNote());
    }

    @Test
    void contact_updates_are_sealed_too() {
        String patientId = register(staff(), Person.unique("Cu"), "loc-north");
        String newEmail = "moved." + Long.toString(System.nanoTime(), 36) + "@example.net";
        commands.sendAndWait(new UpdatePatientContact(patientId, newEmail, null));

        assertThat(rawDatabase()).noneMatch(line -> line.startsWith("domainevents:") && line.contains(newEmail));
        assertThat(first(patientId, PatientContactUpdated.class).contact().email()).isEqualTo(newEmail);
    }

    @Test
    void once_the_key_is_destroyed_the_events_read_without_personal_data_and_keep_the_clinical_facts() {
        Journey journey = journey();

        keys.destroy(journey.patientId());

        PatientRegistered registered = first(journey.patientId(), PatientRegistered.class);
        assertThat(registered.personal()).isNull();
        assertThat(registered.birthYear()).isEqualTo(1961);
        HomeworkAssigned homework = first(journey.courseId(), HomeworkAssigned.class);
        assertThat(homework.note()).isNull();
        assertThat(homework.exercises()).containsExactly(Exercise.PSOAS_STRETCH);
        EmotionalResponseNoted noted = first(journey.sessionId(), EmotionalResponseNoted.class);
        assertThat(noted.privateNote()).isNull();
        assertThat(noted).isEqualTo(noted.withoutPersonalData());
        assertThat(noted.traumaRelated()).hasToString("YES");
        assertThat(keys.isDestroyed(journey.patientId())).isTrue();
        assertThat(rawDatabase()).filteredOn(line -> line.startsWith(PatientKeys.COLLECTION + ":")
                        && line.contains(journey.patientId()))
                .singleElement().satisfies(line -> assertThat(line).contains("destroyedAt").doesNotContain("wrappedKey"));
    }

    @Test
    void snapshots_hold_no_personal_data() {
        Journey journey = journey();
        // The real trigger: a snapshot after every 50 events of a stream.
        for (int i = 0; i < 50; i++) {
            commands.sendAndWait(new UpdatePatientContact(journey.patientId(), journey.person().email(), null));
        }

        await().atMost(WAIT).until(() -> rawDatabase().stream()
                .anyMatch(line -> line.startsWith("snapshotevents:") && line.contains(journey.patientId())));
        for (String personal : journey.personalStrings()) {
            assertThat(rawDatabase()).filteredOn(line -> line.startsWith("snapshotevents:"))
                    .noneMatch(line -> line.contains(personal));
        }
    }

    private <T extends ClinicEvent> T first(String aggregateId, Class<T> type) {
        return eventStore.readEvents(aggregateId).asStream()
                .map(DomainEventMessage::getPayload)
                .filter(type::isInstance)
                .map(type::cast)
                .findFirst()
                .orElseThrow();
    }
}
