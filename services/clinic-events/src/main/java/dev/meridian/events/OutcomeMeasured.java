package dev.meridian.events;

import java.time.Instant;
import java.time.LocalDate;

/** A follow-up pain (NRS 0-10) and optional disability (ODI 0-100) score taken outside a session. */
public record OutcomeMeasured(String courseId, String patientId, String locationId, LocalDate measuredOn, int pain,
                              Integer odi, Instant occurredAt) implements CourseEvent {
}
