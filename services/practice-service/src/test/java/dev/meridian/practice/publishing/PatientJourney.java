package dev.meridian.practice.publishing;

import dev.meridian.events.AggregateType;
import dev.meridian.events.ClinicEvent;
import dev.meridian.events.Complaint;
import dev.meridian.events.ContactDetails;
import dev.meridian.events.Chronicity;
import dev.meridian.events.EmotionalPhase;
import dev.meridian.events.EmotionalResponseNoted;
import dev.meridian.events.Exercise;
import dev.meridian.events.HomeworkAssigned;
import dev.meridian.events.Intensity;
import dev.meridian.events.Muscle;
import dev.meridian.events.NeedlesRetained;
import dev.meridian.events.OnsetTrigger;
import dev.meridian.events.PainLocation;
import dev.meridian.events.PatientContactUpdated;
import dev.meridian.events.PatientRegistered;
import dev.meridian.events.PersonalDetails;
import dev.meridian.events.PsoasReleased;
import dev.meridian.events.SessionCompleted;
import dev.meridian.events.SessionScheduled;
import dev.meridian.events.SessionStarted;
import dev.meridian.events.Side;
import dev.meridian.events.Technique;
import dev.meridian.events.TraumaRelated;
import dev.meridian.events.TreatmentCourseOpened;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;

/**
 * One patient's events across the three aggregates, appended straight to the event store as the aggregates would
 * (aggregate types "Patient", "TreatmentCourse", "Session"; sequences from 0 per aggregate). Personal data is filled
 * with strings that cannot appear by chance, so a test can scan raw Kafka bytes for them.
 */
final class PatientJourney {

    static final String GIVEN_NAME = "Zephyrine-Given";
    static final String FAMILY_NAME = "Quillfeather-Family";
    static final String EMAIL = "zephyrine.quillfeather@private.example";
    static final String PHONE = "+1 555 0199 731";
    static final String NEW_EMAIL = "new.quillfeather@private.example";
    static final LocalDate BIRTH_DATE = LocalDate.of(1977, 3, 29);
    static final String PRIVATE_NOTE = "remembered-the-accident-private-note";
    static final String HOMEWORK_NOTE = "stretch-before-breakfast-private-note";
    static final List<String> PERSONAL_STRINGS =
            List.of(GIVEN_NAME, FAMILY_NAME, EMAIL, PHONE, NEW_EMAIL, BIRTH_DATE.toString(), PRIVATE_NOTE, HOMEWORK_NOTE);

    final String patientId = UUID.randomUUID().toString();
    final String courseId = UUID.randomUUID().toString();
    final String sessionId = UUID.randomUUID().toString();
    final String locationId = "loc-north";

    private final Map<String, Long> nextSequence = new HashMap<>();
    private final List<DomainEventMessage<?>> appended = new ArrayList<>();

    /** Appends the whole journey: 2 patient events, 2 course events, 6 session events. */
    List<DomainEventMessage<?>> appendAll(EventStore eventStore) {
        List<DomainEventMessage<?>> messages = new ArrayList<>();
        messages.addAll(appendPatientAndCourse(eventStore));
        messages.addAll(appendSession(eventStore));
        return messages;
    }

    List<DomainEventMessage<?>> appendPatientAndCourse(EventStore eventStore) {
        Instant at = Instant.now();
        return append(eventStore, List.of(
                new PatientRegistered(patientId, locationId,
                        new PersonalDetails(GIVEN_NAME, FAMILY_NAME, BIRTH_DATE, EMAIL, PHONE), 1977, false, at),
                new PatientContactUpdated(patientId, locationId, new ContactDetails(NEW_EMAIL, PHONE), at),
                new TreatmentCourseOpened(courseId, patientId, locationId, "pr-7", Complaint.LOW_BACK_PAIN,
                        PainLocation.CENTRAL_LUMBAR, LocalDate.of(2026, 5, 1), Chronicity.CHRONIC,
                        OnsetTrigger.TRAUMA, 7, 40, at),
                new HomeworkAssigned(courseId, patientId, locationId, List.of(Exercise.PSOAS_STRETCH), HOMEWORK_NOTE,
                        at)));
    }

    List<DomainEventMessage<?>> appendSession(EventStore eventStore) {
        Instant at = Instant.now();
        return append(eventStore, List.of(
                new SessionScheduled(sessionId, courseId, patientId, locationId, "pr-7", at.plusSeconds(3600), at),
                new SessionStarted(sessionId, courseId, patientId, locationId, 7, at),
                new PsoasReleased(sessionId, courseId, patientId, locationId, Side.BILATERAL,
                        Technique.TRIGGER_POINT_DRY_NEEDLING, true, 4, at),
                new NeedlesRetained(sessionId, courseId, patientId, locationId,
                        List.of(Muscle.QUADRATUS_LUMBORUM, Muscle.ERECTOR_SPINAE), 8, 25, at),
                new EmotionalResponseNoted(sessionId, courseId, patientId, locationId, EmotionalPhase.DURING_RELEASE,
                        Intensity.MODERATE, TraumaRelated.YES, PRIVATE_NOTE, at),
                new SessionCompleted(sessionId, courseId, patientId, locationId, 3, at)));
    }

    /** Every event appended so far, in append order. */
    List<DomainEventMessage<?>> appended() {
        return List.copyOf(appended);
    }

    List<String> aggregateIds() {
        return List.of(patientId, courseId, sessionId);
    }

    private List<DomainEventMessage<?>> append(EventStore eventStore, List<ClinicEvent> events) {
        List<DomainEventMessage<?>> messages = new ArrayList<>();
        for (ClinicEvent event : events) {
            AggregateType type = event.aggregateType();
            long sequence = nextSequence.merge(event.aggregateId(), 1L, Long::sum) - 1;
            messages.add(new GenericDomainEventMessage<>(type.axonName(), event.aggregateId(), sequence, event));
        }
        eventStore.publish(messages);
        appended.addAll(messages);
        return messages;
    }
}
