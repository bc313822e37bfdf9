package dev.meridian.practice.session;

import dev.meridian.events.CancellationReason;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The session did not take place: cancelled or a no-show. */
public record CancelSession(@TargetAggregateIdentifier String sessionId, CancellationReason reason) {
}
