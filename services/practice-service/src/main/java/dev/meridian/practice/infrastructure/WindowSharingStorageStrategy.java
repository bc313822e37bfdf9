package dev.meridian.practice.infrastructure;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.gte;
import static com.mongodb.client.model.Filters.nin;
import static org.axonframework.common.DateTimeUtils.formatInstant;

import com.mongodb.client.FindIterable;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoCursor;
import com.mongodb.client.model.Sorts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventhandling.TrackedDomainEventData;
import org.axonframework.eventhandling.TrackedEventData;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.extensions.mongo.eventsourcing.eventstore.MongoTrackingToken;
import org.axonframework.extensions.mongo.eventsourcing.eventstore.documentperevent.DocumentPerEventStorageStrategy;
import org.axonframework.extensions.mongo.eventsourcing.eventstore.documentperevent.EventEntryConfiguration;
import org.bson.Document;

/**
 * axon-mongo's document-per-event storage, with the tracking tokens of one read sharing their look-back window
 * ({@link LookBackWindow}) instead of each holding its own copy. The query, its order and which events a read
 * returns are axon-mongo's own ({@code AbstractMongoEventStorageStrategy.findTrackedEvents}), the query with a limit
 * of one batch (decision 0022); the way the tokens are built differs, and they are equal to the ones axon-mongo
 * builds (decision 0020).
 */
final class WindowSharingStorageStrategy extends DocumentPerEventStorageStrategy {

    private final Duration lookBack;

    WindowSharingStorageStrategy(EventEntryConfiguration configuration, Duration lookBack) {
        super(configuration, lookBack);
        this.lookBack = lookBack;
    }

    @Override
    public List<? extends TrackedEventData<?>> findTrackedEvents(MongoCollection<Document> eventCollection,
                                                                 TrackingToken lastToken, int batchSize) {
        EventEntryConfiguration schema = eventConfiguration();
        MongoTrackingToken previous;
        FindIterable<Document> found;
        if (lastToken == null) {
            previous = null;
            found = eventCollection.find();
        } else if (lastToken instanceof MongoTrackingToken token) {
            previous = token;
            // Everything from the look-back time before the token on, less what the token has seen.
            found = eventCollection.find(and(
                    gte(schema.timestampProperty(), formatInstant(token.getTimestamp().minus(lookBack))),
                    nin(schema.eventIdentifierProperty(), token.getKnownEventIds())));
        } else {
            throw new IllegalArgumentException("Token " + lastToken + " is of the wrong type");
        }
        // The one difference from axon-mongo's query: a limit. One event per document, and the filter above already
        // leaves out the events the token knows, so a read takes at most batchSize documents anyway. Without it the
        // embedded server matched and sorted everything after the token on every read (it applies a sort before a
        // batch size, and stops early only for a limit: decision 0022), which at a backlog of 100,000 events ran the
        // local stack out of heap.
        found = found.sort(Sorts.ascending(schema.timestampProperty(), schema.sequenceNumberProperty()))
                .batchSize(batchSize).limit(batchSize);

        List<TrackedEventData<?>> read = new ArrayList<>();
        LookBackWindow window = null;
        try (MongoCursor<Document> cursor = found.iterator()) {
            while (read.size() < batchSize && cursor.hasNext()) {
                DomainEventData<?> event = extractEvent(cursor.next());
                String id = event.getEventIdentifier();
                if (window == null ? previous != null && previous.getKnownEventIds().contains(id) : window.knows(id)) {
                    continue;
                }
                if (window == null || window.logged(id)) {
                    // The first event of the read, or one the window had trimmed coming again: a fresh log.
                    window = LookBackWindow.after(previous, batchSize - read.size());
                }
                previous = window.advanceTo(event.getTimestamp(), id, lookBack);
                read.add(new TrackedDomainEventData<>(previous, event));
            }
        }
        return read;
    }

    private DomainEventData<?> extractEvent(Document document) {
        // One event per document in this strategy.
        return extractEvents(document).findFirst().orElseThrow();
    }
}
