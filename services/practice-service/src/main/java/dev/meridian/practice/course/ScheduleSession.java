package dev.meridian.practice.course;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Schedules a visit. Sent to the course, which alone decides that sessions exist only in an open course, and
 * which creates the session.
 */
public record ScheduleSession(@TargetAggregateIdentifier String courseId, String sessionId, String practitionerId, Instant scheduledAt) {
}
