package dev.meridian.events;

import java.time.Instant;

/** An emotional response the practitioner noticed. {@code privateNote} is personal data. */
public record EmotionalResponseNoted(String sessionId, String courseId, String patientId, String locationId,
                                     EmotionalPhase phase, Intensity intensity, TraumaRelated traumaRelated,
                                     String privateNote, Instant occurredAt) implements SessionEvent {

    @Override
    public EmotionalResponseNoted withoutPersonalData() {
        return new EmotionalResponseNoted(sessionId, courseId, patientId, locationId, phase, intensity,
                traumaRelated, null, occurredAt);
    }

    @Override
    public String toString() {
        return "EmotionalResponseNoted[sessionId=" + sessionId + ", phase=" + phase + ", intensity=" + intensity
                + ", traumaRelated=" + traumaRelated + "]";
    }
}
