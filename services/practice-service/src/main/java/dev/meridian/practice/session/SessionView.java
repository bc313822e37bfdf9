package dev.meridian.practice.session;

import dev.meridian.events.CancellationReason;
import dev.meridian.events.EmotionalPhase;
import dev.meridian.events.Intensity;
import dev.meridian.events.Muscle;
import dev.meridian.events.Side;
import dev.meridian.events.Technique;
import dev.meridian.events.TraumaRelated;
import dev.meridian.practice.infrastructure.ViewDocument;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * What staff see of one session: pain before and after, and what was done in it, including emotional responses
 * with their private notes (staff may see them; they never leave this service). Built from the session's events.
 */
@Document(collection = SessionView.COLLECTION)
public class SessionView extends ViewDocument {

    public static final String COLLECTION = "session_views";

    public enum Status { SCHEDULED, STARTED, COMPLETED, CANCELLED }

    public record PsoasRelease(Side side, Technique technique, boolean localTwitchResponse, int needleCount,
                               Instant releasedAt) {
    }

    public record RetainedNeedles(List<Muscle> muscles, int needleCount, int retentionMinutes, Instant retainedAt) {
    }

    public record EmotionalResponse(EmotionalPhase phase, Intensity intensity, TraumaRelated traumaRelated,
                                    String note, Instant notedAt) {

        EmotionalResponse withoutNote() {
            return new EmotionalResponse(phase, intensity, traumaRelated, null, notedAt);
        }
    }

    @Id
    private String sessionId;
    private String courseId;
    private String patientId;
    private String locationId;
    private String practitionerId;
    private Instant scheduledAt;
    private Status status;
    private Instant startedAt;
    private Integer preTreatmentPain;
    private List<PsoasRelease> psoasReleases = new ArrayList<>();
    private List<RetainedNeedles> retainedNeedles = new ArrayList<>();
    private List<EmotionalResponse> emotionalResponses = new ArrayList<>();
    private Instant completedAt;
    private Integer postTreatmentPain;
    private Instant cancelledAt;
    private CancellationReason cancellationReason;
    private boolean patientErased;

    SessionView() {
        // for the Mongo mapping
    }

    SessionView(String sessionId) {
        this.sessionId = sessionId;
    }

    public String getSessionId() {
        return sessionId;
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

    public Instant getScheduledAt() {
        return scheduledAt;
    }

    public Status getStatus() {
        return status;
    }

    public Instant getStartedAt() {
        return startedAt;
    }

    public Integer getPreTreatmentPain() {
        return preTreatmentPain;
    }

    public List<PsoasRelease> getPsoasReleases() {
        return psoasReleases;
    }

    public List<RetainedNeedles> getRetainedNeedles() {
        return retainedNeedles;
    }

    public List<EmotionalResponse> getEmotionalResponses() {
        return emotionalResponses;
    }

    public Instant getCompletedAt() {
        return completedAt;
    }

    public Integer getPostTreatmentPain() {
        return postTreatmentPain;
    }

    /** Pre-treatment minus post-treatment pain, once both are known: positive is relief. */
    public Integer getPainChange() {
        return preTreatmentPain == null || postTreatmentPain == null ? null : preTreatmentPain - postTreatmentPain;
    }

    public Instant getCancelledAt() {
        return cancelledAt;
    }

    public CancellationReason getCancellationReason() {
        return cancellationReason;
    }

    /** The patient was erased: the private notes of this session are gone. */
    public boolean isPatientErased() {
        return patientErased;
    }

    void scheduled(String courseId, String patientId, String locationId, String practitionerId, Instant at,
                   boolean patientErased) {
        this.courseId = courseId;
        this.patientId = patientId;
        this.locationId = locationId;
        this.practitionerId = practitionerId;
        this.scheduledAt = at;
        this.patientErased = this.patientErased || patientErased;
        if (status == null) {
            status = Status.SCHEDULED;
        }
    }

    void started(int preTreatmentPain, Instant at) {
        this.preTreatmentPain = preTreatmentPain;
        this.startedAt = at;
        this.status = Status.STARTED;
    }

    void psoasReleased(PsoasRelease release) {
        psoasReleases.add(release);
    }

    void needlesRetained(RetainedNeedles retention) {
        retainedNeedles.add(retention);
    }

    void emotionalResponseNoted(EmotionalResponse response) {
        emotionalResponses.add(patientErased ? response.withoutNote() : response);
    }

    void completed(int postTreatmentPain, Instant at) {
        this.postTreatmentPain = postTreatmentPain;
        this.completedAt = at;
        this.status = Status.COMPLETED;
    }

    void cancelled(CancellationReason reason, Instant at) {
        this.cancellationReason = reason;
        this.cancelledAt = at;
        this.status = Status.CANCELLED;
    }

    void patientErased() {
        patientErased = true;
        emotionalResponses.replaceAll(EmotionalResponse::withoutNote);
    }
}
