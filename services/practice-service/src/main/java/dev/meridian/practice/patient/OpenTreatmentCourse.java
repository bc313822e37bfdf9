package dev.meridian.practice.patient;

import dev.meridian.events.OnsetTrigger;
import dev.meridian.events.PainLocation;
import java.time.LocalDate;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Opens a course for low back pain. Sent to the patient, who owns the rule that only a registered, not-erased
 * patient gets a course, and who creates the course.
 */
public record OpenTreatmentCourse(@TargetAggregateIdentifier String patientId, String courseId, String locationId,
                                  String practitionerId, PainLocation painLocation, LocalDate onsetDate,
                                  OnsetTrigger trigger, Integer baselinePain, Integer baselineOdi) {
}
