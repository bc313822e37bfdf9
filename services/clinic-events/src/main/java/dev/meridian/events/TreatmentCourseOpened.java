package dev.meridian.events;

import java.time.Instant;
import java.time.LocalDate;

/**
 * A practitioner opened a course for one complaint of one patient at one location and recorded the baseline.
 *
 * @param chronicity  computed from {@code onsetDate} on the day the course was opened
 * @param baselineOdi Oswestry Disability Index 0-100, {@code null} when not taken
 */
public record TreatmentCourseOpened(String courseId, String patientId, String locationId, String practitionerId,
                                    Complaint complaint, PainLocation painLocation, LocalDate onsetDate,
                                    Chronicity chronicity, OnsetTrigger trigger, int baselinePain,
                                    Integer baselineOdi, Instant occurredAt) implements CourseEvent {
}
