package dev.meridian.practice.infrastructure;

import dev.meridian.events.ClinicEvent;

/**
 * Keeps one collection of the practice views up to date. Implementations are plain Spring beans (no Axon);
 * {@link PracticeViewsProjector} feeds them every event in stream order.
 */
public interface ViewUpdater {

    /**
     * The aggregate type whose documents this updater keeps, keyed by that aggregate's id; every event of such a
     * stream writes its document, so the document's last applied sequence shows gaps in that stream.
     */
    String ownStreamType();

    /** The documents this updater keeps: one per stream of {@link #ownStreamType()}, keyed by its aggregate id. */
    Class<? extends ViewDocument> documentType();

    /** The last applied sequence of that aggregate's own stream in its document, or -1. */
    long lastApplied(String aggregateId);

    /**
     * Applies the event to every document it concerns, each at most once (see {@link ViewDocument}). Must be
     * idempotent: the same event may come again after a crash or during a gap repair.
     */
    void apply(ClinicEvent event, StreamPosition position);

    /** Drops the collection: the projection is about to be rebuilt from the first event. */
    void reset();
}
