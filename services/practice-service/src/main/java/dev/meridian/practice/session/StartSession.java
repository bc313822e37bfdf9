package dev.meridian.practice.session;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The patient arrived; pain is assessed before treatment. */
public record StartSession(@TargetAggregateIdentifier String sessionId, Integer preTreatmentPain) {
}
