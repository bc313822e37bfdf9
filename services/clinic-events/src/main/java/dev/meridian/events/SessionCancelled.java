package dev.meridian.events;

import java.time.Instant;

public record SessionCancelled(String sessionId, String courseId, String patientId, String locationId,
                               CancellationReason reason, Instant occurredAt) implements SessionEvent {
}
