package dev.meridian.practice.publishing;

import static com.mongodb.client.model.Accumulators.first;
import static com.mongodb.client.model.Accumulators.max;
import static com.mongodb.client.model.Aggregates.group;
import static com.mongodb.client.model.Aggregates.limit;
import static com.mongodb.client.model.Aggregates.match;
import static com.mongodb.client.model.Aggregates.sort;
import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gt;
import static com.mongodb.client.model.Sorts.ascending;

import java.util.ArrayList;
import java.util.List;
import org.axonframework.extensions.mongo.MongoTemplate;
import org.axonframework.extensions.mongo.eventsourcing.eventstore.documentperevent.EventEntryConfiguration;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * The last sequence number of every aggregate's stream, straight from the event store: what reconciliation
 * compares with what the projections applied. One {@code $group} over the events collection, which both real
 * MongoDB and the embedded wire-protocol server run.
 */
public class EventStreams {

    private final MongoTemplate axonMongoTemplate;
    private final EventEntryConfiguration fields = EventEntryConfiguration.getDefault();

    public EventStreams(MongoTemplate axonMongoTemplate) {
        this.axonMongoTemplate = axonMongoTemplate;
    }

    /**
     * @param aggregateType only streams of this aggregate type ({@code Patient}, {@code TreatmentCourse},
     *                      {@code Session}); {@code null} for all
     * @param after         only aggregates whose id sorts after this one (paging); {@code null} from the start
     * @param limit         at most this many streams; {@code null} for all
     * @return the streams ordered by aggregate id
     */
    public List<StreamPosition> lastSequences(String aggregateType, String after, Integer limit) {
        List<Bson> pipeline = new ArrayList<>();
        // Both filters before the $group: a page groups only the streams after the previous one (an index range
        // on real MongoDB), not the whole collection again for every page.
        List<Bson> filters = new ArrayList<>();
        if (aggregateType != null) {
            filters.add(eq(fields.typeProperty(), aggregateType));
        }
        if (after != null) {
            filters.add(gt(fields.aggregateIdentifierProperty(), after));
        }
        if (!filters.isEmpty()) {
            pipeline.add(match(filters.size() == 1 ? filters.get(0) : and(filters)));
        }
        pipeline.add(group("$" + fields.aggregateIdentifierProperty(),
                first("aggregateType", "$" + fields.typeProperty()),
                max("lastSequence", "$" + fields.sequenceNumberProperty())));
        pipeline.add(sort(ascending("_id")));
        if (limit != null) {
            pipeline.add(limit(limit));
        }
        List<StreamPosition> streams = new ArrayList<>();
        // No batch size: the embedded server answers an aggregation in one reply whatever is asked (and logs a
        // warning for a batch size it ignores), so only 'limit' bounds the reply there (the driver refuses one
        // beyond 48 MB, some 500,000 streams: page); real MongoDB batches by itself.
        for (Document document : axonMongoTemplate.eventCollection().aggregate(pipeline).allowDiskUse(true)) {
            streams.add(new StreamPosition(document.getString("aggregateType"), document.getString("_id"),
                    ((Number) document.get("lastSequence")).longValue()));
        }
        return streams;
    }

    /** Where one aggregate's stream ends in the event store. */
    public record StreamPosition(String aggregateType, String aggregateId, long lastSequence) {
    }
}
