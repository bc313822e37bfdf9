package dev.meridian.events;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** One instance of every event in the catalogue, with every optional field filled. */
final class SampleEvents {

    static final String PATIENT = "7b0c8f2e-3d1a-4c8e-9f00-000000000001";
    static final String COURSE = "7b0c8f2e-3d1a-4c8e-9f00-000000000002";
    static final String SESSION = "7b0c8f2e-3d1a-4c8e-9f00-000000000003";
    static final String LOCATION = "loc-north";
    static final Instant AT = Instant.parse("2026-11-23T14:05:00Z");

    private SampleEvents() {
    }

    static List<ClinicEvent> all() {
        return List.of(
                new PatientRegistered(PATIENT, LOCATION,
                        new PersonalDetails("Ada", "Example", LocalDate.of(1980, 5, 17), "ada@example.org", "+1 555 0100"),
                        1980, false, AT),
                new PatientContactUpdated(PATIENT, LOCATION, new ContactDetails("new@example.org", "+1 555 0101"), AT),
                new PatientTransferred(PATIENT, "loc-south", LOCATION, AT),
                new PatientErased(PATIENT, "loc-south", AT),
                new TreatmentCourseOpened(COURSE, PATIENT, LOCATION, "pr-1", Complaint.LOW_BACK_PAIN,
                        PainLocation.CENTRAL_LUMBAR, LocalDate.of(2026, 6, 1), Chronicity.CHRONIC,
                        OnsetTrigger.LIFTING, 7, 42, AT),
                new HomeworkAssigned(COURSE, PATIENT, LOCATION, List.of(Exercise.PSOAS_STRETCH, Exercise.CORE_STABILITY),
                        "twice a day", AT),
                new OutcomeMeasured(COURSE, PATIENT, LOCATION, LocalDate.of(2026, 11, 20), 3, 20, AT),
                new TreatmentCourseClosed(COURSE, PATIENT, LOCATION, CourseOutcome.RESOLVED, 1, AT),
                new SessionScheduled(SESSION, COURSE, PATIENT, LOCATION, "pr-1", AT.plusSeconds(3600), AT),
                new SessionStarted(SESSION, COURSE, PATIENT, LOCATION, 7, AT),
                new PsoasReleased(SESSION, COURSE, PATIENT, LOCATION, Side.BILATERAL,
                        Technique.TRIGGER_POINT_DRY_NEEDLING, true, 4, AT),
                new NeedlesRetained(SESSION, COURSE, PATIENT, LOCATION,
                        List.of(Muscle.QUADRATUS_LUMBORUM, Muscle.ERECTOR_SPINAE), 8, 25, AT),
                new EmotionalResponseNoted(SESSION, COURSE, PATIENT, LOCATION, EmotionalPhase.DURING_RELEASE,
                        Intensity.MODERATE, TraumaRelated.YES, "cried briefly", AT),
                new SessionCompleted(SESSION, COURSE, PATIENT, LOCATION, 3, AT),
                new SessionCancelled(SESSION, COURSE, PATIENT, LOCATION, CancellationReason.NO_SHOW, AT));
    }
}
