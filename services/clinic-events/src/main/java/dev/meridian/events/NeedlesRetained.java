package dev.meridian.events;

import java.time.Instant;
import java.util.List;

/** Needles left in the other low-back muscles while the patient rests (never in the psoas). */
public record NeedlesRetained(String sessionId, String courseId, String patientId, String locationId,
                              List<Muscle> muscles, int needleCount, int retentionMinutes, Instant occurredAt)
        implements SessionEvent {

    public NeedlesRetained {
        muscles = List.copyOf(muscles);
    }
}
