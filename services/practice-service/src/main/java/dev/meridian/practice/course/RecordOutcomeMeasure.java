package dev.meridian.practice.course;

import java.time.LocalDate;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** A follow-up pain (and optional ODI) score taken outside a session. */
public record RecordOutcomeMeasure(@TargetAggregateIdentifier String courseId, LocalDate measuredOn, Integer pain, Integer odi) {
}
