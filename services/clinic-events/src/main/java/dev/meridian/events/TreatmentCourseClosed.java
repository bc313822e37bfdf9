package dev.meridian.events;

import java.time.Instant;

public record TreatmentCourseClosed(String courseId, String patientId, String locationId, CourseOutcome outcome,
                                    int closingPain, Instant occurredAt) implements CourseEvent {
}
