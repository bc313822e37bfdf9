package dev.meridian.practice.session;

import dev.meridian.events.Side;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The psoas is released with trigger-point dry needling, without retention. */
public record ReleasePsoas(@TargetAggregateIdentifier String sessionId, Side side, Boolean localTwitchResponse, Integer needleCount) {
}
