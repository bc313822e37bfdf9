package dev.meridian.practice.infrastructure;

import java.util.List;
import org.axonframework.eventhandling.TrackedEventData;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.extensions.mongo.eventsourcing.eventstore.MongoEventStorageEngine;

/** axon-mongo's event storage engine, with the tracking queries of each reader spaced by {@link TailPollPacing}. */
final class TailPacedMongoEventStorageEngine extends MongoEventStorageEngine {

    private final TailPollPacing pacing;

    TailPacedMongoEventStorageEngine(Builder builder, TailPollPacing pacing) {
        super(builder);
        this.pacing = pacing;
    }

    @Override
    protected List<? extends TrackedEventData<?>> fetchTrackedEvents(TrackingToken lastToken, int batchSize) {
        long start = pacing.beforePoll();
        List<? extends TrackedEventData<?>> events = super.fetchTrackedEvents(lastToken, batchSize);
        pacing.polled(start, events.size() < batchSize);
        return events;
    }
}
