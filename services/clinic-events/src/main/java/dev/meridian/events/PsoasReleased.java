package dev.meridian.events;

import java.time.Instant;

/** The psoas was needled and released, without retention: the needles went in and came out. */
public record PsoasReleased(String sessionId, String courseId, String patientId, String locationId, Side side,
                            Technique technique, boolean localTwitchResponse, int needleCount, Instant occurredAt)
        implements SessionEvent {
}
