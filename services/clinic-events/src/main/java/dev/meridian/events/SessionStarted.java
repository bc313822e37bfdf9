package dev.meridian.events;

import java.time.Instant;

public record SessionStarted(String sessionId, String courseId, String patientId, String locationId,
                             int preTreatmentPain, Instant occurredAt) implements SessionEvent {
}
