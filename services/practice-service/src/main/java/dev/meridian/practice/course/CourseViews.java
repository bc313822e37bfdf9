package dev.meridian.practice.course;

import dev.meridian.events.ClinicEvent;
import dev.meridian.events.HomeworkAssigned;
import dev.meridian.events.OutcomeMeasured;
import dev.meridian.events.PatientErased;
import dev.meridian.events.SessionCancelled;
import dev.meridian.events.SessionCompleted;
import dev.meridian.events.SessionScheduled;
import dev.meridian.events.SessionStarted;
import dev.meridian.events.TreatmentCourseClosed;
import dev.meridian.events.TreatmentCourseOpened;
import dev.meridian.practice.infrastructure.StreamPosition;
import dev.meridian.practice.infrastructure.ViewDocuments;
import dev.meridian.practice.infrastructure.ViewUpdater;
import dev.meridian.practice.patient.PatientView;
import java.util.Optional;
import java.util.function.Consumer;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * The course views: one document per course with its session list, read and written by {@code _id} only
 * (mongo-java-server scans its collection for any other query).
 */
@Component
public class CourseViews implements ViewUpdater {

    private final MongoTemplate mongo;
    private final ViewDocuments documents;

    public CourseViews(MongoTemplate mongo, ViewDocuments documents) {
        this.mongo = mongo;
        this.documents = documents;
    }

    public Optional<CourseView> find(String courseId) {
        return Optional.ofNullable(documents.findById(courseId, CourseView.class));
    }

    @Override
    public Class<CourseView> documentType() {
        return CourseView.class;
    }

    @Override
    public String ownStreamType() {
        return "TreatmentCourse";
    }

    @Override
    public long lastApplied(String courseId) {
        return find(courseId).map(view -> view.lastApplied(courseId)).orElse(-1L);
    }

    @Override
    public void apply(ClinicEvent event, StreamPosition position) {
        if (event instanceof TreatmentCourseOpened e) {
            update(e.courseId(), position, view -> view.opened(e.patientId(), e.locationId(), e.practitionerId(),
                    e.complaint(), e.painLocation(), e.onsetDate(), e.chronicity(), e.trigger(), e.baselinePain(),
                    e.baselineOdi(), e.occurredAt(), patientErased(e.patientId())));
        } else if (event instanceof HomeworkAssigned e) {
            update(e.courseId(), position,
                    view -> view.homeworkAssigned(new CourseView.Homework(e.exercises(), e.note(), e.occurredAt())));
        } else if (event instanceof OutcomeMeasured e) {
            update(e.courseId(), position, view -> view.outcomeMeasured(
                    new CourseView.OutcomeMeasure(e.measuredOn(), e.pain(), e.odi(), e.occurredAt())));
        } else if (event instanceof TreatmentCourseClosed e) {
            update(e.courseId(), position, view -> view.closed(e.outcome(), e.closingPain(), e.occurredAt()));
        } else if (event instanceof SessionScheduled e) {
            update(e.courseId(), position,
                    view -> view.sessionScheduled(e.sessionId(), e.practitionerId(), e.scheduledAt()));
        } else if (event instanceof SessionStarted e) {
            update(e.courseId(), position, view -> view.sessionStarted(e.sessionId(), e.preTreatmentPain()));
        } else if (event instanceof SessionCompleted e) {
            update(e.courseId(), position, view -> view.sessionCompleted(e.sessionId(), e.postTreatmentPain()));
        } else if (event instanceof SessionCancelled e) {
            update(e.courseId(), position, view -> view.sessionCancelled(e.sessionId()));
        } else if (event instanceof PatientErased e) {
            PatientView patient = documents.findById(e.patientId(), PatientView.class);
            if (patient != null) {
                patient.getCourses().forEach(course ->
                        update(course.getCourseId(), position, CourseView::patientErased));
            }
        }
    }

    @Override
    public void reset() {
        mongo.dropCollection(CourseView.class);
    }

    private boolean patientErased(String patientId) {
        PatientView patient = documents.findById(patientId, PatientView.class);
        return patient != null && patient.isErased();
    }

    private void update(String courseId, StreamPosition position, Consumer<CourseView> change) {
        CourseView view = find(courseId).orElseGet(() -> new CourseView(courseId));
        if (view.hasApplied(position)) {
            return;
        }
        change.accept(view);
        view.markApplied(position);
        documents.save(courseId, view);
    }
}
