package dev.meridian.practice.course;

import dev.meridian.events.Exercise;
import java.util.List;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Assigns stretching and strengthening exercises; {@code note} is optional free text. */
public record AssignHomework(@TargetAggregateIdentifier String courseId, List<Exercise> exercises, String note) {
}
