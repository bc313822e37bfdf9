package dev.meridian.practice.session;

import static dev.meridian.practice.shared.FixedClock.CLOCK;
import static dev.meridian.practice.shared.FixedClock.NOW;
import static dev.meridian.practice.shared.Refusals.invalidValue;

import dev.meridian.events.CancellationReason;
import dev.meridian.events.EmotionalPhase;
import dev.meridian.events.EmotionalResponseNoted;
import dev.meridian.events.Intensity;
import dev.meridian.events.Muscle;
import dev.meridian.events.NeedlesRetained;
import dev.meridian.events.PsoasReleased;
import dev.meridian.events.SessionCancelled;
import dev.meridian.events.SessionCompleted;
import dev.meridian.events.SessionScheduled;
import dev.meridian.events.SessionStarted;
import dev.meridian.events.Side;
import dev.meridian.events.Technique;
import dev.meridian.events.TraumaRelated;
import dev.meridian.practice.patient.PatientIsErased;
import dev.meridian.practice.shared.ErasedPatients;
import java.time.Instant;
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

class SessionTest {

    static final String SESSION = "c7a1e2d3-4b5c-4d6e-8f70-9a1b2c3d4e03";
    static final String COURSE = "0b7d4f0e-9a44-4c55-8f6b-2f3a9d6c1e02";
    static final String PATIENT = "5f0c8a4e-3b51-4c8e-9a57-1d1c2f9b7e01";
    static final String LOCATION = "loc-riverside";

    static final SessionScheduled SCHEDULED = new SessionScheduled(SESSION, COURSE, PATIENT, LOCATION, "pr-0042",
            Instant.parse("2026-11-23T08:30:00Z"), NOW);
    static final SessionStarted STARTED = new SessionStarted(SESSION, COURSE, PATIENT, LOCATION, 7, NOW);
    static final SessionCompleted COMPLETED = new SessionCompleted(SESSION, COURSE, PATIENT, LOCATION, 3, NOW);
    static final SessionCancelled CANCELLED = new SessionCancelled(SESSION, COURSE, PATIENT, LOCATION,
            CancellationReason.CANCELLED, NOW);

    static final List<Muscle> LOW_BACK = List.of(Muscle.QUADRATUS_LUMBORUM, Muscle.ERECTOR_SPINAE);

    private FixtureConfiguration<Session> fixture;
    private final Set<String> erased = new HashSet<>();
    private final ErasedPatients erasedPatients = erased::contains;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Session.class);
        fixture.registerInjectableResource(CLOCK);
        fixture.registerInjectableResource(erasedPatients);
    }

    /** Every command a session can receive, each valid in itself. */
    static Stream<Object> everyCommand() {
        return Stream.of(
                new StartSession(SESSION, 6),
                new ReleasePsoas(SESSION, Side.LEFT, true, 4),
                new RetainNeedles(SESSION, LOW_BACK, 8, 25),
                new NoteEmotionalResponse(SESSION, EmotionalPhase.DURING_RELEASE, Intensity.MILD,
                        TraumaRelated.UNKNOWN, null),
                new CompleteSession(SESSION, 2),
                new CancelSession(SESSION, CancellationReason.CANCELLED));
    }

    /** The treatment commands, which need a started session. */
    static Stream<Object> treatment() {
        return Stream.of(
                new ReleasePsoas(SESSION, Side.LEFT, true, 4),
                new RetainNeedles(SESSION, LOW_BACK, 8, 25),
                new NoteEmotionalResponse(SESSION, EmotionalPhase.AT_PAIN_ONSET, Intensity.MILD,
                        TraumaRelated.NO, null),
                new CompleteSession(SESSION, 2));
    }

    // --- erasure (the patient's stream holds it; the session asks) -------------------------------------------

    @ParameterizedTest
    @MethodSource("everyCommand")
    void a_session_of_an_erased_patient_accepts_nothing(Object command) {
        erased.add(PATIENT);
        fixture.given(SCHEDULED, STARTED)
                .when(command)
                .expectNoEvents()
                .expectException(PatientIsErased.class);
    }

    // --- start -----------------------------------------------------------------------------------------------

    @Test
    void starting_a_session_records_the_pain_before_treatment() {
        fixture.given(SCHEDULED)
                .when(new StartSession(SESSION, 7))
                .expectEvents(new SessionStarted(SESSION, COURSE, PATIENT, LOCATION, 7, NOW));
    }

    @Test
    void a_session_starts_only_once() {
        fixture.given(SCHEDULED, STARTED)
                .when(new StartSession(SESSION, 7))
                .expectNoEvents()
                .expectException(SessionAlreadyStarted.class);
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 11})
    void a_pre_treatment_pain_outside_0_to_10_is_refused(int pain) {
        fixture.given(SCHEDULED)
                .when(new StartSession(SESSION, pain))
                .expectNoEvents()
                .expectException(invalidValue("preTreatmentPain"));
    }

    // --- treatment needs a started session -------------------------------------------------------------------

    @ParameterizedTest
    @MethodSource("treatment")
    void treatment_and_completion_need_a_started_session(Object command) {
        fixture.given(SCHEDULED)
                .when(command)
                .expectNoEvents()
                .expectException(SessionNotStarted.class);
    }

    @Test
    void psoas_release_before_the_session_started_is_refused() {
        fixture.given(SCHEDULED)
                .when(new ReleasePsoas(SESSION, Side.BILATERAL, false, 6))
                .expectNoEvents()
                .expectException(SessionNotStarted.class);
    }

    // --- psoas release ---------------------------------------------------------------------------------------

    @Test
    void releasing_the_psoas_records_side_twitch_response_and_needles_by_dry_needling() {
        fixture.given(SCHEDULED, STARTED)
                .when(new ReleasePsoas(SESSION, Side.RIGHT, true, 3))
                .expectEvents(new PsoasReleased(SESSION, COURSE, PATIENT, LOCATION, Side.RIGHT,
                        Technique.TRIGGER_POINT_DRY_NEEDLING, true, 3, NOW));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 41})
    void a_psoas_release_needle_count_outside_1_to_40_is_refused(int needles) {
        fixture.given(SCHEDULED, STARTED)
                .when(new ReleasePsoas(SESSION, Side.RIGHT, true, needles))
                .expectNoEvents()
                .expectException(invalidValue("needleCount"));
    }

    @Test
    void a_psoas_release_needs_a_side_and_whether_a_twitch_was_seen() {
        fixture.given(SCHEDULED, STARTED)
                .when(new ReleasePsoas(SESSION, null, true, 3))
                .expectNoEvents()
                .expectException(invalidValue("side"));
        fixture.given(SCHEDULED, STARTED)
                .when(new ReleasePsoas(SESSION, Side.LEFT, null, 3))
                .expectNoEvents()
                .expectException(invalidValue("localTwitchResponse"));
    }

    // --- retention -------------------------------------------------------------------------------------------

    @Test
    void retaining_needles_in_the_other_low_back_muscles_is_recorded() {
        fixture.given(SCHEDULED, STARTED, new PsoasReleased(SESSION, COURSE, PATIENT, LOCATION, Side.LEFT,
                        Technique.TRIGGER_POINT_DRY_NEEDLING, true, 4, NOW))
                .when(new RetainNeedles(SESSION, LOW_BACK, 10, 25))
                .expectEvents(new NeedlesRetained(SESSION, COURSE, PATIENT, LOCATION, LOW_BACK, 10, 25, NOW));
    }

    @Test
    void retaining_needles_in_the_psoas_is_refused() {
        fixture.given(SCHEDULED, STARTED)
                .when(new RetainNeedles(SESSION, List.of(Muscle.ERECTOR_SPINAE, Muscle.PSOAS), 6, 25))
                .expectNoEvents()
                .expectException(invalidValue(RetentionInPsoasRefused.class, "muscles"));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 61})
    void a_retention_outside_1_to_60_minutes_is_refused(int minutes) {
        fixture.given(SCHEDULED, STARTED)
                .when(new RetainNeedles(SESSION, LOW_BACK, 6, minutes))
                .expectNoEvents()
                .expectException(invalidValue("retentionMinutes"));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 60})
    void a_retention_of_1_or_60_minutes_is_accepted(int minutes) {
        fixture.given(SCHEDULED, STARTED)
                .when(new RetainNeedles(SESSION, LOW_BACK, 6, minutes))
                .expectEvents(new NeedlesRetained(SESSION, COURSE, PATIENT, LOCATION, LOW_BACK, 6, minutes, NOW));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 41})
    void a_retained_needle_count_outside_1_to_40_is_refused(int needles) {
        fixture.given(SCHEDULED, STARTED)
                .when(new RetainNeedles(SESSION, LOW_BACK, needles, 25))
                .expectNoEvents()
                .expectException(invalidValue("needleCount"));
    }

    @Test
    void retention_names_at_least_one_muscle_each_once() {
        fixture.given(SCHEDULED, STARTED)
                .when(new RetainNeedles(SESSION, List.of(), 6, 25))
                .expectNoEvents()
                .expectException(invalidValue("muscles"));
        fixture.given(SCHEDULED, STARTED)
                .when(new RetainNeedles(SESSION, List.of(Muscle.MULTIFIDUS, Muscle.MULTIFIDUS), 6, 25))
                .expectNoEvents()
                .expectException(invalidValue("muscles"));
    }

    // --- emotional response ----------------------------------------------------------------------------------

    @Test
    void an_emotional_response_is_noted_with_its_private_note() {
        fixture.given(SCHEDULED, STARTED)
                .when(new NoteEmotionalResponse(SESSION, EmotionalPhase.DURING_RELEASE, Intensity.STRONG,
                        TraumaRelated.YES, "cried during the release"))
                .expectEvents(new EmotionalResponseNoted(SESSION, COURSE, PATIENT, LOCATION,
                        EmotionalPhase.DURING_RELEASE, Intensity.STRONG, TraumaRelated.YES,
                        "cried during the release", NOW));
    }

    @Test
    void an_emotional_response_needs_phase_intensity_and_trauma_relation() {
        fixture.given(SCHEDULED, STARTED)
                .when(new NoteEmotionalResponse(SESSION, null, Intensity.MILD, TraumaRelated.NO, null))
                .expectNoEvents()
                .expectException(invalidValue("phase"));
        fixture.given(SCHEDULED, STARTED)
                .when(new NoteEmotionalResponse(SESSION, EmotionalPhase.AFTER_TREATMENT, null, TraumaRelated.NO,
                        null))
                .expectNoEvents()
                .expectException(invalidValue("intensity"));
        fixture.given(SCHEDULED, STARTED)
                .when(new NoteEmotionalResponse(SESSION, EmotionalPhase.AFTER_TREATMENT, Intensity.MILD, null,
                        null))
                .expectNoEvents()
                .expectException(invalidValue("traumaRelated"));
    }

    // --- completion ------------------------------------------------------------------------------------------

    @Test
    void completing_a_session_records_the_pain_after_treatment() {
        fixture.given(SCHEDULED, STARTED)
                .when(new CompleteSession(SESSION, 2))
                .expectEvents(new SessionCompleted(SESSION, COURSE, PATIENT, LOCATION, 2, NOW));
    }

    @Test
    void a_session_is_completed_only_after_it_started() {
        fixture.given(SCHEDULED)
                .when(new CompleteSession(SESSION, 2))
                .expectNoEvents()
                .expectException(SessionNotStarted.class);
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 11})
    void a_post_treatment_pain_outside_0_to_10_is_refused(int pain) {
        fixture.given(SCHEDULED, STARTED)
                .when(new CompleteSession(SESSION, pain))
                .expectNoEvents()
                .expectException(invalidValue("postTreatmentPain"));
    }

    @Test
    void a_pain_score_is_required() {
        fixture.given(SCHEDULED, STARTED)
                .when(new CompleteSession(SESSION, null))
                .expectNoEvents()
                .expectException(invalidValue("postTreatmentPain"));
    }

    @ParameterizedTest
    @MethodSource("everyCommand")
    void a_completed_session_accepts_nothing_more(Object command) {
        fixture.given(SCHEDULED, STARTED, COMPLETED)
                .when(command)
                .expectNoEvents()
                .expectException(SessionAlreadyEnded.class);
    }

    // --- cancellation ----------------------------------------------------------------------------------------

    @Test
    void a_scheduled_session_can_be_marked_a_no_show() {
        fixture.given(SCHEDULED)
                .when(new CancelSession(SESSION, CancellationReason.NO_SHOW))
                .expectEvents(new SessionCancelled(SESSION, COURSE, PATIENT, LOCATION, CancellationReason.NO_SHOW,
                        NOW));
    }

    @Test
    void a_started_session_can_be_cancelled_until_it_is_completed() {
        fixture.given(SCHEDULED, STARTED)
                .when(new CancelSession(SESSION, CancellationReason.CANCELLED))
                .expectEvents(new SessionCancelled(SESSION, COURSE, PATIENT, LOCATION,
                        CancellationReason.CANCELLED, NOW));
    }

    @Test
    void a_started_session_is_no_no_show() {
        fixture.given(SCHEDULED, STARTED)
                .when(new CancelSession(SESSION, CancellationReason.NO_SHOW))
                .expectNoEvents()
                .expectException(SessionAlreadyStarted.class);
    }

    @Test
    void a_cancellation_needs_a_reason() {
        fixture.given(SCHEDULED)
                .when(new CancelSession(SESSION, null))
                .expectNoEvents()
                .expectException(invalidValue("reason"));
    }

    @ParameterizedTest
    @MethodSource("everyCommand")
    void a_cancelled_session_accepts_nothing_more(Object command) {
        fixture.given(SCHEDULED, CANCELLED)
                .when(command)
                .expectNoEvents()
                .expectException(SessionAlreadyEnded.class);
    }
}
