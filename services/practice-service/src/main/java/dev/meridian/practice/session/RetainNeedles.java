package dev.meridian.practice.session;

import dev.meridian.events.Muscle;
import java.util.List;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Needles retained in the other low-back muscles while the patient rests; never in the psoas. */
public record RetainNeedles(@TargetAggregateIdentifier String sessionId, List<Muscle> muscles, Integer needleCount, Integer retentionMinutes) {
}
