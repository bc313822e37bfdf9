package dev.meridian.practice.session;

import static dev.meridian.practice.shared.ValueRules.between;
import static dev.meridian.practice.shared.ValueRules.distinctEntries;
import static dev.meridian.practice.shared.ValueRules.painScore;
import static dev.meridian.practice.shared.ValueRules.required;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import dev.meridian.events.CancellationReason;
import dev.meridian.events.EmotionalResponseNoted;
import dev.meridian.events.Muscle;
import dev.meridian.events.NeedlesRetained;
import dev.meridian.events.PsoasReleased;
import dev.meridian.events.SessionCancelled;
import dev.meridian.events.SessionCompleted;
import dev.meridian.events.SessionScheduled;
import dev.meridian.events.SessionStarted;
import dev.meridian.events.Technique;
import dev.meridian.practice.patient.PatientIsErased;
import dev.meridian.practice.shared.ErasedPatients;
import java.time.Clock;
import java.util.List;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CommandHandlerInterceptor;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * One visit within a treatment course, created by the course when it schedules it.
 *
 * <p>Its life: scheduled, started (pain before treatment), treated (psoas release, retained needles, emotional
 * responses, each as often as it happens), completed (pain after treatment); or cancelled.
 *
 * <p>Rules:
 * <ul>
 *   <li>Pain scores are whole numbers 0-10; needle counts 1-40; retention 1-60 minutes; retained needles name at
 *       least one muscle, each once, and never the psoas ({@link RetentionInPsoasRefused}).</li>
 *   <li>Psoas release, retention and emotional-response notes need a started session ({@link SessionNotStarted})
 *       that has not ended ({@link SessionAlreadyEnded}).</li>
 *   <li>A session starts once ({@link SessionAlreadyStarted}) and is completed only after it started.</li>
 *   <li>A completed or cancelled session accepts nothing more, a second completion or cancellation included
 *       ({@link SessionAlreadyEnded}).</li>
 *   <li>A session can be cancelled until it is completed: before it started (cancelled or no-show), or after it
 *       started when the visit was broken off. A no-show after the start is refused ({@link
 *       SessionAlreadyStarted}): the patient came.</li>
 * </ul>
 * Value rules are checked before state rules: a malformed command is a 400 whatever the state.
 */
// Each aggregate type has its own cache (keyed by id alone): see AxonMongoConfiguration.
@Aggregate(cache = "sessionCache", snapshotTriggerDefinition = "aggregateSnapshotTrigger")
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY) // snapshots serialize the fields, not getters
public class Session {

    enum Status { SCHEDULED, STARTED, COMPLETED, CANCELLED }

    static final int MAX_NEEDLES = 40;
    static final int MAX_RETENTION_MINUTES = 60;

    @AggregateIdentifier
    private String sessionId;
    private String courseId;
    private String patientId;
    private String locationId;
    private Status status;

    // Axon rebuilds the aggregate from its events (or a snapshot) on an instance made with this constructor.
    protected Session() {
    }

    /**
     * Begins the session's stream. Called only by the {@code TreatmentCourse}, inside
     * {@code AggregateLifecycle.createNew}, after it checked that it is open.
     */
    public Session(SessionScheduled scheduled) {
        apply(scheduled);
    }

    @CommandHandler
    public void handle(StartSession command, Clock clock) {
        int pain = painScore("preTreatmentPain", command.preTreatmentPain());
        refuseIfEnded();
        if (status == Status.STARTED) {
            throw new SessionAlreadyStarted(sessionId);
        }
        apply(new SessionStarted(sessionId, courseId, patientId, locationId, pain, clock.instant()));
    }

    @CommandHandler
    public void handle(ReleasePsoas command, Clock clock) {
        required("side", command.side());
        boolean twitch = required("localTwitchResponse", command.localTwitchResponse());
        int needles = between("needleCount", command.needleCount(), 1, MAX_NEEDLES);
        refuseUnlessInTreatment();
        apply(new PsoasReleased(sessionId, courseId, patientId, locationId, command.side(),
                Technique.TRIGGER_POINT_DRY_NEEDLING, twitch, needles, clock.instant()));
    }

    @CommandHandler
    public void handle(RetainNeedles command, Clock clock) {
        List<Muscle> muscles = distinctEntries("muscles", command.muscles());
        if (muscles.contains(Muscle.PSOAS)) {
            throw new RetentionInPsoasRefused();
        }
        int needles = between("needleCount", command.needleCount(), 1, MAX_NEEDLES);
        int minutes = between("retentionMinutes", command.retentionMinutes(), 1, MAX_RETENTION_MINUTES);
        refuseUnlessInTreatment();
        apply(new NeedlesRetained(sessionId, courseId, patientId, locationId, muscles, needles, minutes,
                clock.instant()));
    }

    @CommandHandler
    public void handle(NoteEmotionalResponse command, Clock clock) {
        required("phase", command.phase());
        required("intensity", command.intensity());
        required("traumaRelated", command.traumaRelated());
        refuseUnlessInTreatment();
        apply(new EmotionalResponseNoted(sessionId, courseId, patientId, locationId, command.phase(),
                command.intensity(), command.traumaRelated(), command.privateNote(), clock.instant()));
    }

    @CommandHandler
    public void handle(CompleteSession command, Clock clock) {
        int pain = painScore("postTreatmentPain", command.postTreatmentPain());
        refuseUnlessInTreatment();
        apply(new SessionCompleted(sessionId, courseId, patientId, locationId, pain, clock.instant()));
    }

    @CommandHandler
    public void handle(CancelSession command, Clock clock) {
        CancellationReason reason = required("reason", command.reason());
        refuseIfEnded();
        if (status == Status.STARTED && reason == CancellationReason.NO_SHOW) {
            throw new SessionAlreadyStarted(sessionId);
        }
        apply(new SessionCancelled(sessionId, courseId, patientId, locationId, reason, clock.instant()));
    }

    /** Treatment is recorded between the start and the end of the session. */
    /**
     * Nothing more is recorded for an erased patient. This stream does not carry {@code PatientErased} (it is in
     * the patient's), so the aggregate asks before every command; the answer is written synchronously by the
     * erasure (see docs/security.md).
     */
    @CommandHandlerInterceptor
    void refuseIfPatientErased(Object command, ErasedPatients erasedPatients) {
        if (erasedPatients.isErased(patientId)) {
            throw new PatientIsErased(patientId);
        }
    }

    private void refuseUnlessInTreatment() {
        refuseIfEnded();
        if (status == Status.SCHEDULED) {
            throw new SessionNotStarted(sessionId);
        }
    }

    private void refuseIfEnded() {
        if (status == Status.COMPLETED) {
            throw new SessionAlreadyEnded(sessionId, "completed");
        }
        if (status == Status.CANCELLED) {
            throw new SessionAlreadyEnded(sessionId, "cancelled");
        }
    }

    @EventSourcingHandler
    void on(SessionScheduled event) {
        sessionId = event.sessionId();
        courseId = event.courseId();
        patientId = event.patientId();
        locationId = event.locationId();
        status = Status.SCHEDULED;
    }

    @EventSourcingHandler
    void on(SessionStarted event) {
        status = Status.STARTED;
    }

    @EventSourcingHandler
    void on(SessionCompleted event) {
        status = Status.COMPLETED;
    }

    @EventSourcingHandler
    void on(SessionCancelled event) {
        status = Status.CANCELLED;
    }
}
