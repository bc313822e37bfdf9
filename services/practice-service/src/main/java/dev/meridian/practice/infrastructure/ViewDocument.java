package dev.meridian.practice.infrastructure;

import java.util.HashMap;
import java.util.Map;

/**
 * A read-model document of the practice views. It remembers, per event stream that wrote to it, the last sequence
 * number applied, in the same document write as the change itself: an event delivered twice (a replay, a retry
 * after a crash between two writes) is recognised and changes nothing.
 */
public abstract class ViewDocument {

    /** Aggregate id to its last applied sequence number. Bookkeeping, not part of the view shown to staff. */
    private Map<String, Long> appliedSequences = new HashMap<>();

    /** Whether this event (or a later one of its stream) was already applied to this document. */
    public boolean hasApplied(StreamPosition position) {
        return lastApplied(position.aggregateId()) >= position.sequence();
    }

    public void markApplied(StreamPosition position) {
        appliedSequences.put(position.aggregateId(), position.sequence());
    }

    /** The last applied sequence of that stream, or -1 when none was. */
    public long lastApplied(String aggregateId) {
        Long last = appliedSequences.get(aggregateId);
        return last == null ? -1 : last;
    }
}
