package dev.meridian.practice.course;

import dev.meridian.events.CourseOutcome;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Closes the course with an outcome and a closing pain score. */
public record CloseTreatmentCourse(@TargetAggregateIdentifier String courseId, CourseOutcome outcome, Integer closingPain) {
}
