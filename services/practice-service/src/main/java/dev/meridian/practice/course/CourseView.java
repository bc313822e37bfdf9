package dev.meridian.practice.course;

import dev.meridian.events.Chronicity;
import dev.meridian.events.Complaint;
import dev.meridian.events.CourseOutcome;
import dev.meridian.events.Exercise;
import dev.meridian.events.OnsetTrigger;
import dev.meridian.events.PainLocation;
import dev.meridian.practice.infrastructure.ViewDocument;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * What staff see of one treatment course: the baseline with its chronicity, the sessions with their pain scores,
 * homework, follow-up measures and the outcome. Built from the course's events and its sessions' events.
 */
@Document(collection = CourseView.COLLECTION)
public class CourseView extends ViewDocument {

    public static final String COLLECTION = "course_views";

    public enum Status { OPEN, CLOSED }

    /** A session as the course lists it; the session's own view has what was done in it. */
    public static class SessionSummary {
        private String sessionId;
        private String practitionerId;
        private Instant scheduledAt;
        private String status;
        private Integer preTreatmentPain;
        private Integer postTreatmentPain;

        SessionSummary() {
            // for the Mongo mapping
        }

        SessionSummary(String sessionId) {
            this.sessionId = sessionId;
        }

        public String getSessionId() {
            return sessionId;
        }

        public String getPractitionerId() {
            return practitionerId;
        }

        public Instant getScheduledAt() {
            return scheduledAt;
        }

        /** {@code SCHEDULED}, {@code STARTED}, {@code COMPLETED} or {@code CANCELLED}. */
        public String getStatus() {
            return status;
        }

        public Integer getPreTreatmentPain() {
            return preTreatmentPain;
        }

        public Integer getPostTreatmentPain() {
            return postTreatmentPain;
        }
    }

    public record Homework(List<Exercise> exercises, String note, Instant assignedAt) {

        Homework withoutNote() {
            return new Homework(exercises, null, assignedAt);
        }
    }

    public record OutcomeMeasure(LocalDate measuredOn, int pain, Integer odi, Instant recordedAt) {
    }

    @Id
    private String courseId;
    private String patientId;
    private String locationId;
    private String practitionerId;
    private Complaint complaint;
    private PainLocation painLocation;
    private LocalDate onsetDate;
    private Chronicity chronicity;
    private OnsetTrigger trigger;
    private Integer baselinePain;
    private Integer baselineOdi;
    private Instant openedAt;
    private Status status;
    private List<SessionSummary> sessions = new ArrayList<>();
    private List<Homework> homework = new ArrayList<>();
    private List<OutcomeMeasure> outcomeMeasures = new ArrayList<>();
    private Integer latestPain;
    private CourseOutcome outcome;
    private Integer closingPain;
    private Instant closedAt;
    private boolean patientErased;

    CourseView() {
        // for the Mongo mapping
    }

    CourseView(String courseId) {
        this.courseId = courseId;
    }

    public String getCourseId() {
        return courseId;
    }

    public String getPatientId() {
        return patientId;
    }

    public String getLocationId() {
        return locationId;
    }

    public String getPractitionerId() {
        return practitionerId;
    }

    public Complaint getComplaint() {
        return complaint;
    }

    public PainLocation getPainLocation() {
        return painLocation;
    }

    public LocalDate getOnsetDate() {
        return onsetDate;
    }

    public Chronicity getChronicity() {
        return chronicity;
    }

    public OnsetTrigger getTrigger() {
        return trigger;
    }

    public Integer getBaselinePain() {
        return baselinePain;
    }

    public Integer getBaselineOdi() {
        return baselineOdi;
    }

    public Instant getOpenedAt() {
        return openedAt;
    }

    public Status getStatus() {
        return status;
    }

    public List<SessionSummary> getSessions() {
        return sessions;
    }

    public List<Homework> getHomework() {
        return homework;
    }

    public List<OutcomeMeasure> getOutcomeMeasures() {
        return outcomeMeasures;
    }

    /** The latest pain score: after the last completed session, a follow-up measure or the closing score. */
    public Integer getLatestPain() {
        return latestPain;
    }

    /** Baseline minus latest pain (DOMAIN.md "pain change"): positive is relief. */
    public Integer getPainChange() {
        return baselinePain == null || latestPain == null ? null : baselinePain - latestPain;
    }

    public CourseOutcome getOutcome() {
        return outcome;
    }

    public Integer getClosingPain() {
        return closingPain;
    }

    public Instant getClosedAt() {
        return closedAt;
    }

    /** The patient was erased: the private homework notes of this course are gone. */
    public boolean isPatientErased() {
        return patientErased;
    }

    void opened(String patientId, String locationId, String practitionerId, Complaint complaint,
                PainLocation painLocation, LocalDate onsetDate, Chronicity chronicity, OnsetTrigger trigger,
                int baselinePain, Integer baselineOdi, Instant at, boolean patientErased) {
        this.patientId = patientId;
        this.locationId = locationId;
        this.practitionerId = practitionerId;
        this.complaint = complaint;
        this.painLocation = painLocation;
        this.onsetDate = onsetDate;
        this.chronicity = chronicity;
        this.trigger = trigger;
        this.baselinePain = baselinePain;
        this.baselineOdi = baselineOdi;
        this.openedAt = at;
        this.patientErased = this.patientErased || patientErased;
        if (status == null) {
            status = Status.OPEN;
        }
    }

    void homeworkAssigned(Homework assigned) {
        homework.add(patientErased ? assigned.withoutNote() : assigned);
    }

    void outcomeMeasured(OutcomeMeasure measure) {
        outcomeMeasures.add(measure);
        latestPain = measure.pain();
    }

    void closed(CourseOutcome outcome, int closingPain, Instant at) {
        this.outcome = outcome;
        this.closingPain = closingPain;
        this.latestPain = closingPain;
        this.closedAt = at;
        this.status = Status.CLOSED;
    }

    void sessionScheduled(String sessionId, String practitionerId, Instant scheduledAt) {
        SessionSummary session = session(sessionId);
        session.practitionerId = practitionerId;
        session.scheduledAt = scheduledAt;
        if (session.status == null) {
            session.status = "SCHEDULED";
        }
    }

    void sessionStarted(String sessionId, int preTreatmentPain) {
        SessionSummary session = session(sessionId);
        session.preTreatmentPain = preTreatmentPain;
        session.status = "STARTED";
    }

    void sessionCompleted(String sessionId, int postTreatmentPain) {
        SessionSummary session = session(sessionId);
        session.postTreatmentPain = postTreatmentPain;
        session.status = "COMPLETED";
        latestPain = postTreatmentPain;
    }

    void sessionCancelled(String sessionId) {
        session(sessionId).status = "CANCELLED";
    }

    void patientErased() {
        patientErased = true;
        homework.replaceAll(Homework::withoutNote);
    }

    private SessionSummary session(String sessionId) {
        for (SessionSummary session : sessions) {
            if (session.sessionId.equals(sessionId)) {
                return session;
            }
        }
        SessionSummary added = new SessionSummary(sessionId);
        sessions.add(added);
        return added;
    }
}
