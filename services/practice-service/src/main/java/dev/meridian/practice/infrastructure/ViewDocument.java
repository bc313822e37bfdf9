package dev.meridian.practice.infrastructure;

import java.util.HashMap;
import java.util.Map;
import org.springframework.data.annotation.Version;

/**
 * A read-model document of the practice views. It remembers, per event stream that wrote to it, the last sequence
 * number applied, in the same document write as the change itself: an event delivered twice (a replay, a retry
 * after a crash between two writes) is recognised and changes nothing.
 *
 * <p>It also carries a version, and a write is conditional on it: two writers (the views' processor and the
 * reconciliation job, which heals a stream the processor skipped) may each read a document and change it, and the
 * one whose read is older must fail rather than put back what the other replaced. The processor then handles its
 * batch again, the job tries at its next check.
 */
public abstract class ViewDocument {

    /** Field names as stored, for the queries that read them without the mapping. */
    static final String APPLIED_SEQUENCES = "appliedSequences";
    static final String VERSION = "version";

    /** Aggregate id to its last applied sequence number. Bookkeeping, not part of the view shown to staff. */
    private Map<String, Long> appliedSequences = new HashMap<>();

    /** Null until stored; also on a document stored before versions existed, until {@link ViewDocuments} reads it. */
    @Version
    private Long version;

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

    Long version() {
        return version;
    }

    void adoptVersion(long stored) {
        this.version = stored;
    }
}
