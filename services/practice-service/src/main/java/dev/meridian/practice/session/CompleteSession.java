package dev.meridian.practice.session;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Pain is assessed after treatment and the session ends. */
public record CompleteSession(@TargetAggregateIdentifier String sessionId, Integer postTreatmentPain) {
}
