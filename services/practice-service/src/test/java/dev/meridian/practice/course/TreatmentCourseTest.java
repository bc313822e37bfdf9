package dev.meridian.practice.course;

import static dev.meridian.practice.shared.FixedClock.CLOCK;
import static dev.meridian.practice.shared.FixedClock.NOW;
import static dev.meridian.practice.shared.FixedClock.TODAY;
import static dev.meridian.practice.shared.Refusals.invalidValue;

import dev.meridian.events.Chronicity;
import dev.meridian.events.Complaint;
import dev.meridian.events.CourseOutcome;
import dev.meridian.events.Exercise;
import dev.meridian.events.HomeworkAssigned;
import dev.meridian.events.OnsetTrigger;
import dev.meridian.events.OutcomeMeasured;
import dev.meridian.events.PainLocation;
import dev.meridian.events.SessionScheduled;
import dev.meridian.events.TreatmentCourseClosed;
import dev.meridian.events.TreatmentCourseOpened;
import dev.meridian.practice.patient.PatientIsErased;
import dev.meridian.practice.shared.ErasedPatients;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class TreatmentCourseTest {

    static final String COURSE = "0b7d4f0e-9a44-4c55-8f6b-2f3a9d6c1e02";
    static final String PATIENT = "5f0c8a4e-3b51-4c8e-9a57-1d1c2f9b7e01";
    static final String SESSION = "c7a1e2d3-4b5c-4d6e-8f70-9a1b2c3d4e03";
    static final String LOCATION = "loc-riverside";
    static final Instant NEXT_VISIT = Instant.parse("2026-11-25T14:30:00Z");

    static final TreatmentCourseOpened OPENED = new TreatmentCourseOpened(COURSE, PATIENT, LOCATION, "pr-0042",
            Complaint.LOW_BACK_PAIN, PainLocation.CENTRAL_LUMBAR, TODAY.minusMonths(5), Chronicity.CHRONIC,
            OnsetTrigger.WORKOUT, 7, 38, NOW);
    static final TreatmentCourseClosed CLOSED = new TreatmentCourseClosed(COURSE, PATIENT, LOCATION,
            CourseOutcome.IMPROVED, 3, NOW);

    private FixtureConfiguration<TreatmentCourse> fixture;
    private final Set<String> erased = new HashSet<>();
    private final ErasedPatients erasedPatients = erased::contains;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(TreatmentCourse.class);
        fixture.registerInjectableResource(CLOCK);
        fixture.registerInjectableResource(erasedPatients);
    }

    // --- erasure (the patient's stream holds it; the course asks) --------------------------------------------

    static Stream<Object> everyCommand() {
        return Stream.of(
                new ScheduleSession(COURSE, SESSION, "pr-0042", NEXT_VISIT),
                new AssignHomework(COURSE, List.of(Exercise.PSOAS_STRETCH), null),
                new RecordOutcomeMeasure(COURSE, TODAY, 2, null),
                new CloseTreatmentCourse(COURSE, CourseOutcome.IMPROVED, 3));
    }

    @ParameterizedTest
    @MethodSource("everyCommand")
    void a_course_of_an_erased_patient_accepts_nothing(Object command) {
        erased.add(PATIENT);
        fixture.given(OPENED)
                .when(command)
                .expectNoEvents()
                .expectException(PatientIsErased.class);
    }

    // --- sessions --------------------------------------------------------------------------------------------

    @Test
    void scheduling_a_session_starts_its_stream_with_the_patient_and_location_of_the_course() {
        fixture.given(OPENED)
                .when(new ScheduleSession(COURSE, SESSION, "pr-0077", NEXT_VISIT))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new SessionScheduled(SESSION, COURSE, PATIENT, LOCATION, "pr-0077", NEXT_VISIT, NOW));
    }

    @Test
    void a_session_may_be_scheduled_in_the_past_to_record_a_visit_after_the_fact() {
        Instant lastYear = Instant.parse("2025-11-20T08:00:00Z");
        fixture.given(OPENED)
                .when(new ScheduleSession(COURSE, SESSION, "pr-0042", lastYear))
                .expectEvents(new SessionScheduled(SESSION, COURSE, PATIENT, LOCATION, "pr-0042", lastYear, NOW));
    }

    @Test
    void a_closed_course_accepts_no_new_session() {
        fixture.given(OPENED, CLOSED)
                .when(new ScheduleSession(COURSE, SESSION, "pr-0042", NEXT_VISIT))
                .expectNoEvents()
                .expectException(CourseClosed.class);
    }

    @Test
    void a_session_needs_a_valid_practitioner_id_and_a_time() {
        fixture.given(OPENED)
                .when(new ScheduleSession(COURSE, SESSION, "pr/0042", NEXT_VISIT))
                .expectNoEvents()
                .expectException(invalidValue("practitionerId"));
        fixture.given(OPENED)
                .when(new ScheduleSession(COURSE, SESSION, "pr-0042", null))
                .expectNoEvents()
                .expectException(invalidValue("scheduledAt"));
    }

    // --- homework --------------------------------------------------------------------------------------------

    @Test
    void assigning_homework_records_the_exercises_and_the_note() {
        List<Exercise> exercises = List.of(Exercise.PSOAS_STRETCH, Exercise.CORE_STABILITY);
        fixture.given(OPENED)
                .when(new AssignHomework(COURSE, exercises, "twice a day"))
                .expectEvents(new HomeworkAssigned(COURSE, PATIENT, LOCATION, exercises, "twice a day", NOW));
    }

    @Test
    void homework_names_at_least_one_exercise() {
        fixture.given(OPENED)
                .when(new AssignHomework(COURSE, List.of(), null))
                .expectNoEvents()
                .expectException(invalidValue("exercises"));
        fixture.given(OPENED)
                .when(new AssignHomework(COURSE, null, null))
                .expectNoEvents()
                .expectException(invalidValue("exercises"));
    }

    @Test
    void homework_names_each_exercise_once() {
        fixture.given(OPENED)
                .when(new AssignHomework(COURSE, List.of(Exercise.PSOAS_STRETCH, Exercise.PSOAS_STRETCH), null))
                .expectNoEvents()
                .expectException(invalidValue("exercises"));
        fixture.given(OPENED)
                .when(new AssignHomework(COURSE, Arrays.asList(Exercise.PSOAS_STRETCH, null), null))
                .expectNoEvents()
                .expectException(invalidValue("exercises"));
    }

    @Test
    void a_closed_course_accepts_no_homework() {
        fixture.given(OPENED, CLOSED)
                .when(new AssignHomework(COURSE, List.of(Exercise.HIP_FLEXOR_STRETCH), null))
                .expectNoEvents()
                .expectException(CourseClosed.class);
    }

    // --- outcome measures ------------------------------------------------------------------------------------

    @Test
    void a_follow_up_outcome_measure_is_recorded() {
        fixture.given(OPENED)
                .when(new RecordOutcomeMeasure(COURSE, TODAY.minusDays(2), 3, 18))
                .expectEvents(new OutcomeMeasured(COURSE, PATIENT, LOCATION, TODAY.minusDays(2), 3, 18, NOW));
    }

    @Test
    void an_outcome_measure_may_omit_the_odi() {
        fixture.given(OPENED)
                .when(new RecordOutcomeMeasure(COURSE, TODAY, 0, null))
                .expectEvents(new OutcomeMeasured(COURSE, PATIENT, LOCATION, TODAY, 0, null, NOW));
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 11})
    void an_outcome_pain_outside_0_to_10_is_refused(int pain) {
        fixture.given(OPENED)
                .when(new RecordOutcomeMeasure(COURSE, TODAY, pain, null))
                .expectNoEvents()
                .expectException(invalidValue("pain"));
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 101})
    void an_outcome_odi_outside_0_to_100_is_refused(int odi) {
        fixture.given(OPENED)
                .when(new RecordOutcomeMeasure(COURSE, TODAY, 4, odi))
                .expectNoEvents()
                .expectException(invalidValue("odi"));
    }

    @Test
    void an_outcome_measured_in_the_future_is_refused() {
        fixture.given(OPENED)
                .when(new RecordOutcomeMeasure(COURSE, TODAY.plusDays(1), 4, null))
                .expectNoEvents()
                .expectException(invalidValue("measuredOn"));
        fixture.given(OPENED)
                .when(new RecordOutcomeMeasure(COURSE, null, 4, null))
                .expectNoEvents()
                .expectException(invalidValue("measuredOn"));
    }

    @Test
    void a_closed_course_accepts_no_outcome_measure() {
        fixture.given(OPENED, CLOSED)
                .when(new RecordOutcomeMeasure(COURSE, TODAY, 2, null))
                .expectNoEvents()
                .expectException(CourseClosed.class);
    }

    // --- closing ---------------------------------------------------------------------------------------------

    @Test
    void closing_a_course_records_the_outcome_and_closing_pain() {
        fixture.given(OPENED)
                .when(new CloseTreatmentCourse(COURSE, CourseOutcome.RESOLVED, 0))
                .expectEvents(new TreatmentCourseClosed(COURSE, PATIENT, LOCATION, CourseOutcome.RESOLVED, 0, NOW));
    }

    @Test
    void closing_a_course_twice_is_refused() {
        fixture.given(OPENED, CLOSED)
                .when(new CloseTreatmentCourse(COURSE, CourseOutcome.RESOLVED, 0))
                .expectNoEvents()
                .expectException(CourseAlreadyClosed.class);
    }

    @Test
    void a_closing_pain_of_11_is_refused() {
        fixture.given(OPENED)
                .when(new CloseTreatmentCourse(COURSE, CourseOutcome.IMPROVED, 11))
                .expectNoEvents()
                .expectException(invalidValue("closingPain"));
    }

    @Test
    void closing_needs_an_outcome_and_a_closing_pain() {
        fixture.given(OPENED)
                .when(new CloseTreatmentCourse(COURSE, null, 2))
                .expectNoEvents()
                .expectException(invalidValue("outcome"));
        fixture.given(OPENED)
                .when(new CloseTreatmentCourse(COURSE, CourseOutcome.REFERRED, null))
                .expectNoEvents()
                .expectException(invalidValue("closingPain"));
    }
}
