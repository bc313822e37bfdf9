package dev.meridian.outcomes.projection;

import dev.meridian.events.ClinicEvent;
import dev.meridian.events.EmotionalResponseNoted;
import dev.meridian.events.Exercise;
import dev.meridian.events.HomeworkAssigned;
import dev.meridian.events.NeedlesRetained;
import dev.meridian.events.OutcomeMeasured;
import dev.meridian.events.PsoasReleased;
import dev.meridian.events.SessionCancelled;
import dev.meridian.events.SessionCompleted;
import dev.meridian.events.SessionEvent;
import dev.meridian.events.SessionScheduled;
import dev.meridian.events.SessionStarted;
import dev.meridian.events.TreatmentCourseClosed;
import dev.meridian.events.TreatmentCourseOpened;
import dev.meridian.outcomes.projection.CourseOutcomeDocument.EmotionalResponse;
import dev.meridian.outcomes.projection.CourseOutcomeDocument.FollowUp;
import dev.meridian.outcomes.projection.CourseOutcomeDocument.SessionOutcome;
import dev.meridian.outcomes.projection.CourseOutcomeDocument.SessionStatus;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.Set;

/**
 * Applies one course or session event to a course outcome document: records the raw fact, then recomputes
 * every derived measure from the facts (so the result does not depend on the order in which different streams'
 * events were applied). Pure: no I/O, no clock.
 */
public final class CourseOutcomeProjector {

    private CourseOutcomeProjector() {
    }

    /** The course document an event belongs to; session events name their course, so no lookup is needed. */
    public static String courseIdOf(ClinicEvent event) {
        if (event instanceof SessionEvent session) {
            return session.courseId();
        }
        if (event instanceof dev.meridian.events.CourseEvent course) {
            return course.courseId();
        }
        throw new IllegalArgumentException("Not a course or session event: " + event.getClass().getSimpleName());
    }

    public static void apply(CourseOutcomeDocument doc, ClinicEvent event) {
        if (doc.patientId == null) {
            doc.patientId = event.patientId();
        }
        if (doc.lastEventAt == null || event.occurredAt().isAfter(doc.lastEventAt)) {
            doc.lastEventAt = event.occurredAt();
        }
        if (event instanceof TreatmentCourseOpened e) {
            doc.opened = true;
            doc.locationId = e.locationId();
            doc.practitionerId = e.practitionerId();
            doc.chronicity = e.chronicity();
            doc.painLocation = e.painLocation();
            doc.trigger = e.trigger();
            doc.openedAt = e.occurredAt();
            doc.openedOn = e.occurredAt().atOffset(ZoneOffset.UTC).toLocalDate();
            doc.openingMonth = doc.openedOn.toString().substring(0, 7);
            doc.baselinePain = e.baselinePain();
            doc.baselineOdi = e.baselineOdi();
        } else if (event instanceof HomeworkAssigned e) {
            doc.homework.assigned = true;
            doc.homework.assignments++;
            Set<Exercise> all = EnumSet.noneOf(Exercise.class);
            all.addAll(doc.homework.exercises);
            all.addAll(e.exercises());
            doc.homework.exercises = new ArrayList<>(all);
        } else if (event instanceof OutcomeMeasured e) {
            doc.followUps.add(new FollowUp(e.measuredOn(), e.pain(), e.odi(), e.occurredAt()));
            doc.followUps.sort(Comparator.comparing((FollowUp f) -> f.recordedAt));
        } else if (event instanceof TreatmentCourseClosed e) {
            doc.closed = true;
            doc.outcome = e.outcome();
            doc.closingPain = e.closingPain();
            doc.closedAt = e.occurredAt();
            doc.closedOn = e.occurredAt().atOffset(ZoneOffset.UTC).toLocalDate();
        } else if (event instanceof SessionScheduled e) {
            SessionOutcome s = session(doc, e);
            s.status = SessionStatus.SCHEDULED;
            s.practitionerId = e.practitionerId();
            s.scheduledAt = e.scheduledAt();
        } else if (event instanceof SessionStarted e) {
            SessionOutcome s = session(doc, e);
            s.status = SessionStatus.STARTED;
            s.startedAt = e.occurredAt();
            s.prePain = e.preTreatmentPain();
        } else if (event instanceof PsoasReleased e) {
            SessionOutcome s = session(doc, e);
            s.psoasReleases.add(e.side());
            if (e.localTwitchResponse()) {
                s.localTwitchResponses++;
            }
        } else if (event instanceof NeedlesRetained e) {
            session(doc, e).retentionMinutes += e.retentionMinutes();
        } else if (event instanceof EmotionalResponseNoted e) {
            session(doc, e).emotionalResponses.add(new EmotionalResponse(e.phase(), e.intensity(), e.traumaRelated()));
        } else if (event instanceof SessionCompleted e) {
            SessionOutcome s = session(doc, e);
            s.status = SessionStatus.COMPLETED;
            s.completedAt = e.occurredAt();
            s.postPain = e.postTreatmentPain();
        } else if (event instanceof SessionCancelled e) {
            SessionOutcome s = session(doc, e);
            s.status = SessionStatus.CANCELLED;
            s.cancelledAt = e.occurredAt();
            s.cancellationReason = e.reason();
        } else {
            throw new IllegalArgumentException("Not a course or session event: " + event.getClass().getSimpleName());
        }
        OutcomeMeasures.recompute(doc);
    }

    private static SessionOutcome session(CourseOutcomeDocument doc, SessionEvent event) {
        return doc.sessions.computeIfAbsent(event.sessionId(), id -> {
            SessionOutcome s = new SessionOutcome();
            s.sessionId = id;
            s.status = SessionStatus.SCHEDULED;
            return s;
        });
    }
}
