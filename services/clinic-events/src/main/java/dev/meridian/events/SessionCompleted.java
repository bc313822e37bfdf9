package dev.meridian.events;

import java.time.Instant;

public record SessionCompleted(String sessionId, String courseId, String patientId, String locationId,
                               int postTreatmentPain, Instant occurredAt) implements SessionEvent {
}
