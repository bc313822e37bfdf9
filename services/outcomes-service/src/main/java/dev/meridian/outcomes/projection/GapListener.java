package dev.meridian.outcomes.projection;

import dev.meridian.events.AggregateType;

/** Told of every event parked behind a gap, so that the missing events can be asked for again. */
@FunctionalInterface
public interface GapListener {

    void gapDetected(AggregateType aggregateType, String aggregateId, long expectedSequence, long receivedSequence);
}
