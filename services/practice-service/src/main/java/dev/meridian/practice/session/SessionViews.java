package dev.meridian.practice.session;

import dev.meridian.events.ClinicEvent;
import dev.meridian.events.EmotionalResponseNoted;
import dev.meridian.events.NeedlesRetained;
import dev.meridian.events.PatientErased;
import dev.meridian.events.PsoasReleased;
import dev.meridian.events.SessionCancelled;
import dev.meridian.events.SessionCompleted;
import dev.meridian.events.SessionEvent;
import dev.meridian.events.SessionScheduled;
import dev.meridian.events.SessionStarted;
import dev.meridian.practice.course.CourseView;
import dev.meridian.practice.infrastructure.StreamPosition;
import dev.meridian.practice.infrastructure.ViewDocuments;
import dev.meridian.practice.infrastructure.ViewUpdater;
import dev.meridian.practice.patient.PatientView;
import java.util.Optional;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/** The session views: one document per session, read and written by {@code _id} only. */
@Component
public class SessionViews implements ViewUpdater {

    private final MongoTemplate mongo;
    private final ViewDocuments documents;

    public SessionViews(MongoTemplate mongo, ViewDocuments documents) {
        this.mongo = mongo;
        this.documents = documents;
    }

    public Optional<SessionView> find(String sessionId) {
        return Optional.ofNullable(documents.findById(sessionId, SessionView.class));
    }

    @Override
    public Class<SessionView> documentType() {
        return SessionView.class;
    }

    @Override
    public String ownStreamType() {
        return "Session";
    }

    @Override
    public long lastApplied(String sessionId) {
        return find(sessionId).map(view -> view.lastApplied(sessionId)).orElse(-1L);
    }

    @Override
    public void apply(ClinicEvent event, StreamPosition position) {
        if (event instanceof SessionEvent sessionEvent) {
            update(sessionEvent.sessionId(), position, view -> applySessionEvent(view, sessionEvent));
        } else if (event instanceof PatientErased erased) {
            PatientView patient = documents.findById(erased.patientId(), PatientView.class);
            if (patient == null) {
                return;
            }
            for (PatientView.CourseSummary course : patient.getCourses()) {
                CourseView courseView = documents.findById(course.getCourseId(), CourseView.class);
                if (courseView != null) {
                    for (CourseView.SessionSummary session : courseView.getSessions()) {
                        update(session.getSessionId(), position, SessionView::patientErased);
                    }
                }
            }
        }
    }

    @Override
    public void reset() {
        mongo.dropCollection(SessionView.class);
    }

    private void applySessionEvent(SessionView view, SessionEvent event) {
        if (event instanceof SessionScheduled e) {
            view.scheduled(e.courseId(), e.patientId(), e.locationId(), e.practitionerId(), e.scheduledAt(),
                    patientErased(e.patientId()));
        } else if (event instanceof SessionStarted e) {
            view.started(e.preTreatmentPain(), e.occurredAt());
        } else if (event instanceof PsoasReleased e) {
            view.psoasReleased(new SessionView.PsoasRelease(e.side(), e.technique(), e.localTwitchResponse(),
                    e.needleCount(), e.occurredAt()));
        } else if (event instanceof NeedlesRetained e) {
            view.needlesRetained(new SessionView.RetainedNeedles(e.muscles(), e.needleCount(), e.retentionMinutes(),
                    e.occurredAt()));
        } else if (event instanceof EmotionalResponseNoted e) {
            view.emotionalResponseNoted(new SessionView.EmotionalResponse(e.phase(), e.intensity(),
                    e.traumaRelated(), e.privateNote(), e.occurredAt()));
        } else if (event instanceof SessionCompleted e) {
            view.completed(e.postTreatmentPain(), e.occurredAt());
        } else if (event instanceof SessionCancelled e) {
            view.cancelled(e.reason(), e.occurredAt());
        }
    }

    private boolean patientErased(String patientId) {
        PatientView patient = documents.findById(patientId, PatientView.class);
        return patient != null && patient.isErased();
    }

    private void update(String sessionId, StreamPosition position, java.util.function.Consumer<SessionView> change) {
        SessionView view = find(sessionId).orElseGet(() -> new SessionView(sessionId));
        if (view.hasApplied(position)) {
            return;
        }
        change.accept(view);
        view.markApplied(position);
        documents.save(sessionId, view);
    }
}
