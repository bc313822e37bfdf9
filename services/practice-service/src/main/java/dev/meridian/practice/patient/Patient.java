package dev.meridian.practice.patient;

import static dev.meridian.practice.shared.ValueRules.networkId;
import static dev.meridian.practice.shared.ValueRules.notInFuture;
import static dev.meridian.practice.shared.ValueRules.optionalOdi;
import static dev.meridian.practice.shared.ValueRules.painScore;
import static dev.meridian.practice.shared.ValueRules.required;
import static dev.meridian.practice.shared.ValueRules.requiredText;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;
import static org.axonframework.modelling.command.AggregateLifecycle.createNew;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import dev.meridian.events.Chronicity;
import dev.meridian.events.Complaint;
import dev.meridian.events.ContactDetails;
import dev.meridian.events.PatientContactUpdated;
import dev.meridian.events.PatientErased;
import dev.meridian.events.PatientRegistered;
import dev.meridian.events.PatientTransferred;
import dev.meridian.events.PersonalDetails;
import dev.meridian.events.TreatmentCourseOpened;
import dev.meridian.practice.course.TreatmentCourse;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * A person treated in the network, registered at a home location.
 *
 * <p>Rules:
 * <ul>
 *   <li>Registration needs a home location id, given and family name and a birth date not in the future; email
 *       and phone are optional. The event carries the birth year only while the patient is under 90 (HIPAA Safe
 *       Harbor: ages over 89 are reported as 90+ with no year).</li>
 *   <li>Only a registered, not-erased patient gets a treatment course; the patient creates the course, so this
 *       rule has one owner. The course may be at any location of the network, not only the home location.</li>
 *   <li>An erased patient accepts nothing: no course, no contact update, no transfer, no second erasure
 *       ({@link PatientIsErased}).</li>
 *   <li>A transfer to the current home location is refused ({@link PatientAlreadyAtLocation}), so that every
 *       {@link PatientTransferred} is a real move.</li>
 *   <li>A contact update replaces both contacts; {@code null} removes one.</li>
 * </ul>
 * Value rules are checked before state rules: a malformed command is a 400 whatever the state.
 *
 * <p>The aggregate keeps no personal data (names, birth date, contacts): no rule needs it, and a snapshot copies
 * the aggregate's state into the snapshot store, where an erasure would then have to find it too. Erasure thus
 * leaves it only the ids, the home location and the fact of the erasure.
 */
// Each aggregate type has its own cache (keyed by id alone): see AxonMongoConfiguration.
@Aggregate(cache = "patientCache", snapshotTriggerDefinition = "aggregateSnapshotTrigger")
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY) // snapshots serialize the fields, not getters
public class Patient {

    /** HIPAA Safe Harbor: "ages over 89" are aggregated into one 90+ category. */
    static final int SAFE_HARBOR_AGE = 90;

    @AggregateIdentifier
    private String patientId;
    private String homeLocationId;
    private boolean erased;

    // Axon rebuilds the aggregate from its events (or a snapshot) on an instance made with this constructor.
    protected Patient() {
    }

    @CommandHandler
    public Patient(RegisterPatient command, Clock clock) {
        requiredText("patientId", command.patientId());
        networkId("homeLocationId", command.homeLocationId());
        requiredText("givenName", command.givenName());
        requiredText("familyName", command.familyName());
        LocalDate birthDate = notInFuture("birthDate", command.birthDate(), clock);

        boolean aged90OrOver = Period.between(birthDate, LocalDate.now(clock)).getYears() >= SAFE_HARBOR_AGE;
        apply(new PatientRegistered(command.patientId(), command.homeLocationId(),
                new PersonalDetails(command.givenName(), command.familyName(), birthDate, command.email(),
                        command.phone()),
                aged90OrOver ? null : birthDate.getYear(), aged90OrOver, clock.instant()));
    }

    @CommandHandler
    public void handle(UpdatePatientContact command, Clock clock) {
        refuseIfErased();
        apply(new PatientContactUpdated(patientId, homeLocationId,
                new ContactDetails(command.email(), command.phone()), clock.instant()));
    }

    @CommandHandler
    public void handle(TransferPatient command, Clock clock) {
        networkId("newHomeLocationId", command.newHomeLocationId());
        refuseIfErased();
        if (command.newHomeLocationId().equals(homeLocationId)) {
            throw new PatientAlreadyAtLocation(patientId, homeLocationId);
        }
        apply(new PatientTransferred(patientId, command.newHomeLocationId(), homeLocationId, clock.instant()));
    }

    @CommandHandler
    public void handle(ErasePatient command, Clock clock) {
        refuseIfErased();
        apply(new PatientErased(patientId, homeLocationId, clock.instant()));
    }

    /** Opens a course for low back pain; the course's own stream begins with {@link TreatmentCourseOpened}. */
    @CommandHandler
    public void handle(OpenTreatmentCourse command, Clock clock) throws Exception {
        requiredText("courseId", command.courseId());
        networkId("locationId", command.locationId());
        networkId("practitionerId", command.practitionerId());
        required("painLocation", command.painLocation());
        LocalDate onsetDate = notInFuture("onsetDate", command.onsetDate(), clock);
        required("trigger", command.trigger());
        int baselinePain = painScore("baselinePain", command.baselinePain());
        Integer baselineOdi = optionalOdi("baselineOdi", command.baselineOdi());
        refuseIfErased();

        Instant now = clock.instant();
        TreatmentCourseOpened opened = new TreatmentCourseOpened(command.courseId(), patientId,
                command.locationId(), command.practitionerId(), Complaint.LOW_BACK_PAIN, command.painLocation(),
                onsetDate, Chronicity.of(onsetDate, LocalDate.now(clock)), command.trigger(), baselinePain,
                baselineOdi, now);
        createNew(TreatmentCourse.class, () -> new TreatmentCourse(opened));
    }

    private void refuseIfErased() {
        if (erased) {
            throw new PatientIsErased(patientId);
        }
    }

    @EventSourcingHandler
    void on(PatientRegistered event) {
        patientId = event.patientId();
        homeLocationId = event.locationId();
    }

    @EventSourcingHandler
    void on(PatientTransferred event) {
        homeLocationId = event.locationId();
    }

    /** Right to erasure: from now on the patient accepts nothing. */
    @EventSourcingHandler
    void on(PatientErased event) {
        erased = true;
    }
}
