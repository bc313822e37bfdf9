package dev.meridian.events;

import java.time.Instant;

/** The course scheduled a visit; the session's stream begins here. */
public record SessionScheduled(String sessionId, String courseId, String patientId, String locationId,
                               String practitionerId, Instant scheduledAt, Instant occurredAt)
        implements SessionEvent {
}
