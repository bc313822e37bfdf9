package dev.meridian.practice.course;

import static dev.meridian.practice.shared.ValueRules.distinctEntries;
import static dev.meridian.practice.shared.ValueRules.networkId;
import static dev.meridian.practice.shared.ValueRules.notInFuture;
import static dev.meridian.practice.shared.ValueRules.optionalOdi;
import static dev.meridian.practice.shared.ValueRules.painScore;
import static dev.meridian.practice.shared.ValueRules.required;
import static dev.meridian.practice.shared.ValueRules.requiredText;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;
import static org.axonframework.modelling.command.AggregateLifecycle.createNew;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import dev.meridian.events.CourseOutcome;
import dev.meridian.events.Exercise;
import dev.meridian.events.HomeworkAssigned;
import dev.meridian.events.OutcomeMeasured;
import dev.meridian.events.SessionScheduled;
import dev.meridian.events.TreatmentCourseClosed;
import dev.meridian.events.TreatmentCourseOpened;
import dev.meridian.practice.patient.PatientIsErased;
import dev.meridian.practice.session.Session;
import dev.meridian.practice.shared.ErasedPatients;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CommandHandlerInterceptor;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * One course of care for one complaint (low back pain) of one patient at one location. Opened by the
 * {@code Patient} (who owns the rule that only a registered, not-erased patient gets one).
 *
 * <p>Rules:
 * <ul>
 *   <li>Sessions are scheduled only in an open course; the course creates them, so it alone owns that rule.
 *       A session may be scheduled at any instant, past ones included: staff enter visits after the fact.</li>
 *   <li>Homework names at least one exercise, each once. A follow-up measure has a pain score 0-10, an optional
 *       ODI 0-100, and a date not in the future (an earlier date is a late entry and accepted).</li>
 *   <li>A closed course accepts no new session, no homework and no outcome measure ({@link CourseClosed});
 *       closing it twice is refused ({@link CourseAlreadyClosed}).</li>
 *   <li>The course does not see its sessions' progress (they are aggregates of their own): closing it leaves
 *       sessions already scheduled as they are, and they can still be recorded.</li>
 * </ul>
 * Value rules are checked before state rules: a malformed command is a 400 whatever the state.
 */
// Each aggregate type has its own cache (keyed by id alone): see AxonMongoConfiguration.
@Aggregate(cache = "courseCache", snapshotTriggerDefinition = "aggregateSnapshotTrigger")
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY) // snapshots serialize the fields, not getters
public class TreatmentCourse {

    @AggregateIdentifier
    private String courseId;
    private String patientId;
    private String locationId;
    private boolean closed;

    // Axon rebuilds the aggregate from its events (or a snapshot) on an instance made with this constructor.
    protected TreatmentCourse() {
    }

    /**
     * Begins the course's stream. Called only by the {@code Patient}, inside
     * {@code AggregateLifecycle.createNew}, after it checked the opening's rules.
     */
    public TreatmentCourse(TreatmentCourseOpened opened) {
        apply(opened);
    }

    /** Schedules a visit; the session's own stream begins with {@link SessionScheduled}. */
    @CommandHandler
    public void handle(ScheduleSession command, Clock clock) throws Exception {
        requiredText("sessionId", command.sessionId());
        networkId("practitionerId", command.practitionerId());
        Instant scheduledAt = required("scheduledAt", command.scheduledAt());
        refuseIfClosed();

        SessionScheduled scheduled = new SessionScheduled(command.sessionId(), courseId, patientId, locationId,
                command.practitionerId(), scheduledAt, clock.instant());
        createNew(Session.class, () -> new Session(scheduled));
    }

    @CommandHandler
    public void handle(AssignHomework command, Clock clock) {
        List<Exercise> exercises = distinctEntries("exercises", command.exercises());
        refuseIfClosed();
        apply(new HomeworkAssigned(courseId, patientId, locationId, exercises, command.note(), clock.instant()));
    }

    @CommandHandler
    public void handle(RecordOutcomeMeasure command, Clock clock) {
        LocalDate measuredOn = notInFuture("measuredOn", command.measuredOn(), clock);
        int pain = painScore("pain", command.pain());
        Integer odi = optionalOdi("odi", command.odi());
        refuseIfClosed();
        apply(new OutcomeMeasured(courseId, patientId, locationId, measuredOn, pain, odi, clock.instant()));
    }

    @CommandHandler
    public void handle(CloseTreatmentCourse command, Clock clock) {
        CourseOutcome outcome = required("outcome", command.outcome());
        int closingPain = painScore("closingPain", command.closingPain());
        if (closed) {
            throw new CourseAlreadyClosed(courseId);
        }
        apply(new TreatmentCourseClosed(courseId, patientId, locationId, outcome, closingPain, clock.instant()));
    }

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

    private void refuseIfClosed() {
        if (closed) {
            throw new CourseClosed(courseId);
        }
    }

    @EventSourcingHandler
    void on(TreatmentCourseOpened event) {
        courseId = event.courseId();
        patientId = event.patientId();
        locationId = event.locationId();
    }

    @EventSourcingHandler
    void on(TreatmentCourseClosed event) {
        closed = true;
    }
}
