package dev.meridian.outcomes.reconciliation;

import dev.meridian.events.AggregateType;

/**
 * One aggregate whose projection differs from the event store.
 *
 * @param lastSequence    the last sequence in the event store; null when the store does not know the aggregate
 * @param appliedSequence the last sequence applied here; null when nothing of it was applied
 * @param parkedEvents    events of it held back here behind a gap
 */
public record StreamDrift(AggregateType aggregateType, String aggregateId, Long lastSequence, Long appliedSequence,
                          int parkedEvents) {
}
