package dev.meridian.outcomes.practice;

import dev.meridian.events.AggregateType;

/** One aggregate's stream in practice-service's event store: its last stored sequence. */
public record StreamPosition(AggregateType aggregateType, String aggregateId, long lastSequence) {
}
