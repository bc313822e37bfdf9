package dev.meridian.practice.patient;

import static dev.meridian.practice.shared.FixedClock.CLOCK;
import static dev.meridian.practice.shared.FixedClock.NOW;
import static dev.meridian.practice.shared.FixedClock.TODAY;
import static dev.meridian.practice.shared.Refusals.invalidValue;

import dev.meridian.events.Chronicity;
import dev.meridian.events.Complaint;
import dev.meridian.events.ContactDetails;
import dev.meridian.events.OnsetTrigger;
import dev.meridian.events.PainLocation;
import dev.meridian.events.PatientContactUpdated;
import dev.meridian.events.PatientErased;
import dev.meridian.events.PatientRegistered;
import dev.meridian.events.PatientTransferred;
import dev.meridian.events.PersonalDetails;
import dev.meridian.events.TreatmentCourseOpened;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PatientTest {

    static final String PATIENT = "5f0c8a4e-3b51-4c8e-9a57-1d1c2f9b7e01";
    static final String COURSE = "0b7d4f0e-9a44-4c55-8f6b-2f3a9d6c1e02";
    static final String HOME = "loc-harbour";
    static final LocalDate BIRTH_DATE = LocalDate.of(1980, 5, 17);

    static final PatientRegistered REGISTERED = new PatientRegistered(PATIENT, HOME,
            new PersonalDetails("Ada", "Moreau", BIRTH_DATE, "ada@example.org", "+33 6 12 34 56 78"), 1980, false,
            NOW);

    private FixtureConfiguration<Patient> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Patient.class);
        fixture.registerInjectableResource(CLOCK);
    }

    static RegisterPatient register(LocalDate birthDate) {
        return new RegisterPatient(PATIENT, HOME, "Ada", "Moreau", birthDate, "ada@example.org", "+33 6 12 34 56 78");
    }

    static OpenTreatmentCourse openCourse(LocalDate onsetDate) {
        return new OpenTreatmentCourse(PATIENT, COURSE, "loc-riverside", "pr-0042", PainLocation.CENTRAL_LUMBAR,
                onsetDate, OnsetTrigger.LIFTING, 7, 38);
    }

    // --- registration ----------------------------------------------------------------------------------------

    @Test
    void registering_a_patient_records_their_personal_details_and_birth_year() {
        fixture.givenNoPriorActivity()
                .when(register(BIRTH_DATE))
                .expectSuccessfulHandlerExecution()
                .expectEvents(REGISTERED);
    }

    @Test
    void a_patient_aged_90_or_over_is_registered_as_90_plus_without_birth_year() {
        LocalDate ninetiethBirthdayToday = TODAY.minusYears(90);
        fixture.givenNoPriorActivity()
                .when(register(ninetiethBirthdayToday))
                .expectEvents(new PatientRegistered(PATIENT, HOME,
                        new PersonalDetails("Ada", "Moreau", ninetiethBirthdayToday, "ada@example.org",
                                "+33 6 12 34 56 78"), null, true, NOW));
    }

    @Test
    void a_patient_aged_89_keeps_their_birth_year() {
        LocalDate ninetiethBirthdayTomorrow = TODAY.minusYears(90).plusDays(1);
        fixture.givenNoPriorActivity()
                .when(register(ninetiethBirthdayTomorrow))
                .expectEvents(new PatientRegistered(PATIENT, HOME,
                        new PersonalDetails("Ada", "Moreau", ninetiethBirthdayTomorrow, "ada@example.org",
                                "+33 6 12 34 56 78"), 1936, false, NOW));
    }

    @Test
    void email_and_phone_are_optional_at_registration() {
        fixture.givenNoPriorActivity()
                .when(new RegisterPatient(PATIENT, HOME, "Ada", "Moreau", BIRTH_DATE, null, null))
                .expectEvents(new PatientRegistered(PATIENT, HOME,
                        new PersonalDetails("Ada", "Moreau", BIRTH_DATE, null, null), 1980, false, NOW));
    }

    @Test
    void a_birth_date_in_the_future_is_refused() {
        fixture.givenNoPriorActivity()
                .when(register(TODAY.plusDays(1)))
                .expectNoEvents()
                .expectException(invalidValue("birthDate"));
    }

    @Test
    void registration_needs_a_birth_date() {
        fixture.givenNoPriorActivity()
                .when(register(null))
                .expectNoEvents()
                .expectException(invalidValue("birthDate"));
    }

    @Test
    void registration_needs_both_names() {
        fixture.givenNoPriorActivity()
                .when(new RegisterPatient(PATIENT, HOME, " ", "Moreau", BIRTH_DATE, null, null))
                .expectNoEvents()
                .expectException(invalidValue("givenName"));
        fixture.givenNoPriorActivity()
                .when(new RegisterPatient(PATIENT, HOME, "Ada", null, BIRTH_DATE, null, null))
                .expectNoEvents()
                .expectException(invalidValue("familyName"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "loc harbour", "loc/harbour", "lieu-é",
            "a-location-id-that-is-sixty-five-characters-long-which-is-too-lon"})
    void a_home_location_id_must_be_1_to_64_letters_digits_dashes_or_underscores(String locationId) {
        fixture.givenNoPriorActivity()
                .when(new RegisterPatient(PATIENT, locationId, "Ada", "Moreau", BIRTH_DATE, null, null))
                .expectNoEvents()
                .expectException(invalidValue("homeLocationId"));
    }

    @Test
    void a_home_location_id_of_64_characters_is_accepted() {
        String longest = "L".repeat(64);
        fixture.givenNoPriorActivity()
                .when(new RegisterPatient(PATIENT, longest, "Ada", "Moreau", BIRTH_DATE, null, null))
                .expectEvents(new PatientRegistered(PATIENT, longest,
                        new PersonalDetails("Ada", "Moreau", BIRTH_DATE, null, null), 1980, false, NOW));
    }

    // --- contact, transfer, erasure --------------------------------------------------------------------------

    @Test
    void updating_the_contact_replaces_email_and_phone() {
        fixture.given(REGISTERED)
                .when(new UpdatePatientContact(PATIENT, "ada.moreau@example.org", null))
                .expectEvents(new PatientContactUpdated(PATIENT, HOME,
                        new ContactDetails("ada.moreau@example.org", null), NOW));
    }

    @Test
    void a_transfer_moves_the_home_and_names_the_location_left() {
        fixture.given(REGISTERED)
                .when(new TransferPatient(PATIENT, "loc-riverside"))
                .expectEvents(new PatientTransferred(PATIENT, "loc-riverside", HOME, NOW));
    }

    @Test
    void after_a_transfer_contact_updates_carry_the_new_home() {
        fixture.given(REGISTERED, new PatientTransferred(PATIENT, "loc-riverside", HOME, NOW))
                .when(new UpdatePatientContact(PATIENT, null, "+33 6 00 00 00 00"))
                .expectEvents(new PatientContactUpdated(PATIENT, "loc-riverside",
                        new ContactDetails(null, "+33 6 00 00 00 00"), NOW));
    }

    @Test
    void a_transfer_to_the_current_home_is_refused() {
        fixture.given(REGISTERED)
                .when(new TransferPatient(PATIENT, HOME))
                .expectNoEvents()
                .expectException(PatientAlreadyAtLocation.class);
    }

    @Test
    void a_transfer_needs_a_valid_location_id() {
        fixture.given(REGISTERED)
                .when(new TransferPatient(PATIENT, "loc riverside"))
                .expectNoEvents()
                .expectException(invalidValue("newHomeLocationId"));
    }

    @Test
    void erasing_a_patient_is_recorded_at_their_home_location() {
        fixture.given(REGISTERED)
                .when(new ErasePatient(PATIENT))
                .expectEvents(new PatientErased(PATIENT, HOME, NOW));
    }

    @Test
    void an_erased_patient_cannot_be_erased_again() {
        fixture.given(REGISTERED, new PatientErased(PATIENT, HOME, NOW))
                .when(new ErasePatient(PATIENT))
                .expectNoEvents()
                .expectException(PatientIsErased.class);
    }

    @Test
    void an_erased_patient_accepts_no_contact_update() {
        fixture.given(REGISTERED, new PatientErased(PATIENT, HOME, NOW))
                .when(new UpdatePatientContact(PATIENT, "ada@example.org", null))
                .expectNoEvents()
                .expectException(PatientIsErased.class);
    }

    @Test
    void an_erased_patient_cannot_be_transferred() {
        fixture.given(REGISTERED, new PatientErased(PATIENT, HOME, NOW))
                .when(new TransferPatient(PATIENT, "loc-riverside"))
                .expectNoEvents()
                .expectException(PatientIsErased.class);
    }

    // --- opening a course ------------------------------------------------------------------------------------

    @Test
    void opening_a_course_starts_the_course_stream_for_low_back_pain() {
        LocalDate onset = TODAY.minusDays(10);
        fixture.given(REGISTERED)
                .when(openCourse(onset))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new TreatmentCourseOpened(COURSE, PATIENT, "loc-riverside", "pr-0042",
                        Complaint.LOW_BACK_PAIN, PainLocation.CENTRAL_LUMBAR, onset, Chronicity.ACUTE,
                        OnsetTrigger.LIFTING, 7, 38, NOW));
    }

    @Test
    void an_erased_patient_gets_no_course() {
        fixture.given(REGISTERED, new PatientErased(PATIENT, HOME, NOW))
                .when(openCourse(TODAY.minusDays(10)))
                .expectNoEvents()
                .expectException(PatientIsErased.class);
    }

    @Test
    void pain_under_6_weeks_is_acute() {
        expectChronicity(TODAY.minusDays(41), Chronicity.ACUTE);
    }

    @Test
    void pain_of_6_to_12_weeks_is_subacute() {
        expectChronicity(TODAY.minusWeeks(6), Chronicity.SUBACUTE);
        expectChronicity(TODAY.minusWeeks(12), Chronicity.SUBACUTE);
    }

    @Test
    void pain_over_12_weeks_is_chronic() {
        expectChronicity(TODAY.minusWeeks(12).minusDays(1), Chronicity.CHRONIC);
        expectChronicity(TODAY.minusYears(3), Chronicity.CHRONIC);
    }

    private void expectChronicity(LocalDate onset, Chronicity expected) {
        fixture.given(REGISTERED)
                .when(openCourse(onset))
                .expectEvents(new TreatmentCourseOpened(COURSE, PATIENT, "loc-riverside", "pr-0042",
                        Complaint.LOW_BACK_PAIN, PainLocation.CENTRAL_LUMBAR, onset, expected,
                        OnsetTrigger.LIFTING, 7, 38, NOW));
    }

    @Test
    void the_baseline_odi_is_optional() {
        LocalDate onset = TODAY.minusDays(10);
        fixture.given(REGISTERED)
                .when(new OpenTreatmentCourse(PATIENT, COURSE, "loc-riverside", "pr-0042", PainLocation.LEFT,
                        onset, OnsetTrigger.TRAUMA, 0, null))
                .expectEvents(new TreatmentCourseOpened(COURSE, PATIENT, "loc-riverside", "pr-0042",
                        Complaint.LOW_BACK_PAIN, PainLocation.LEFT, onset, Chronicity.ACUTE, OnsetTrigger.TRAUMA, 0,
                        null, NOW));
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 11})
    void a_baseline_pain_outside_0_to_10_is_refused(int pain) {
        fixture.given(REGISTERED)
                .when(new OpenTreatmentCourse(PATIENT, COURSE, "loc-riverside", "pr-0042",
                        PainLocation.CENTRAL_LUMBAR, TODAY, OnsetTrigger.LIFTING, pain, null))
                .expectNoEvents()
                .expectException(invalidValue("baselinePain"));
    }

    @Test
    void a_course_needs_a_baseline_pain() {
        fixture.given(REGISTERED)
                .when(new OpenTreatmentCourse(PATIENT, COURSE, "loc-riverside", "pr-0042",
                        PainLocation.CENTRAL_LUMBAR, TODAY, OnsetTrigger.LIFTING, null, null))
                .expectNoEvents()
                .expectException(invalidValue("baselinePain"));
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 101})
    void a_baseline_odi_outside_0_to_100_is_refused(int odi) {
        fixture.given(REGISTERED)
                .when(new OpenTreatmentCourse(PATIENT, COURSE, "loc-riverside", "pr-0042",
                        PainLocation.CENTRAL_LUMBAR, TODAY, OnsetTrigger.LIFTING, 5, odi))
                .expectNoEvents()
                .expectException(invalidValue("baselineOdi"));
    }

    @Test
    void an_onset_date_in_the_future_is_refused() {
        fixture.given(REGISTERED)
                .when(openCourse(TODAY.plusDays(1)))
                .expectNoEvents()
                .expectException(invalidValue("onsetDate"));
    }

    @Test
    void an_onset_date_that_is_already_today_east_of_utc_is_not_in_the_future() {
        // 20:00 UTC on the 23rd is already the 24th in Sydney or Auckland; a clinic there enters its own today.
        fixture = new AggregateTestFixture<>(Patient.class);
        fixture.registerInjectableResource(Clock.fixed(Instant.parse("2026-11-23T20:00:00Z"), ZoneOffset.UTC));
        LocalDate clinicToday = TODAY.plusDays(1);
        fixture.given(REGISTERED)
                .when(openCourse(clinicToday))
                .expectEvents(new TreatmentCourseOpened(COURSE, PATIENT, "loc-riverside", "pr-0042",
                        Complaint.LOW_BACK_PAIN, PainLocation.CENTRAL_LUMBAR, clinicToday, Chronicity.ACUTE,
                        OnsetTrigger.LIFTING, 7, 38, Instant.parse("2026-11-23T20:00:00Z")));
    }

    @Test
    void a_course_needs_pain_location_trigger_and_onset_date() {
        fixture.given(REGISTERED)
                .when(new OpenTreatmentCourse(PATIENT, COURSE, "loc-riverside", "pr-0042", null, TODAY,
                        OnsetTrigger.LIFTING, 5, null))
                .expectNoEvents()
                .expectException(invalidValue("painLocation"));
        fixture.given(REGISTERED)
                .when(new OpenTreatmentCourse(PATIENT, COURSE, "loc-riverside", "pr-0042",
                        PainLocation.RIGHT, TODAY, null, 5, null))
                .expectNoEvents()
                .expectException(invalidValue("trigger"));
        fixture.given(REGISTERED)
                .when(new OpenTreatmentCourse(PATIENT, COURSE, "loc-riverside", "pr-0042",
                        PainLocation.RIGHT, null, OnsetTrigger.LIFTING, 5, null))
                .expectNoEvents()
                .expectException(invalidValue("onsetDate"));
    }

    @Test
    void a_course_needs_valid_location_and_practitioner_ids() {
        fixture.given(REGISTERED)
                .when(new OpenTreatmentCourse(PATIENT, COURSE, null, "pr-0042", PainLocation.RIGHT, TODAY,
                        OnsetTrigger.LIFTING, 5, null))
                .expectNoEvents()
                .expectException(invalidValue("locationId"));
        fixture.given(REGISTERED)
                .when(new OpenTreatmentCourse(PATIENT, COURSE, "loc-riverside", "pr 0042", PainLocation.RIGHT,
                        TODAY, OnsetTrigger.LIFTING, 5, null))
                .expectNoEvents()
                .expectException(invalidValue("practitionerId"));
    }
}
