package dev.meridian.practice.publishing;

import static com.mongodb.client.model.Filters.gte;
import static com.mongodb.client.model.Projections.include;
import static com.mongodb.client.model.Sorts.ascending;

import com.mongodb.client.FindIterable;
import dev.meridian.events.AggregateType;
import dev.meridian.events.CourseEvent;
import dev.meridian.events.SessionEvent;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.axonframework.common.DateTimeUtils;
import org.axonframework.extensions.mongo.MongoTemplate;
import org.axonframework.extensions.mongo.eventsourcing.eventstore.documentperevent.EventEntry;
import org.axonframework.extensions.mongo.eventsourcing.eventstore.documentperevent.EventEntryConfiguration;
import org.axonframework.serialization.Serializer;
import org.bson.Document;

/**
 * The streams that got events stored at or after an instant, each with the last sequence read and its course: what
 * an incremental reconciliation compares, at a cost that follows the events since the instant, not the store.
 *
 * <p>One {@code find} on a {@code timestamp} range, sorted by (timestamp, sequence): axon-mongo's
 * {@code orderedEventStreamIndex} serves it on real MongoDB (an index scan in sort order, stopped at the limit) and
 * the embedded server's ordered index narrows it to the documents since the instant. Not an aggregation: the
 * embedded server reads the whole collection for those ({@link EventStreams}). Not the storage engine's tracked
 * stream either, although that is what the publisher reads: it queries once per 1,000 events, each query from its
 * position (less the look-back second) to the end of the store, which the embedded server matched and sorted whole
 * every time until decision 0022, so a window cost its size squared over 1,000. Measured on the H2-backed embedded
 * server before that decision: 30,000 events in about 12 s that way, under 0.5 s in one query; 1,000 events in
 * 0.7 s against 20-40 ms.
 */
public class ChangedStreams {

    /** The most events one request reads (and the default). */
    public static final int MAX_EVENTS = 100_000;
    /** Documents per reply: the driver refuses a reply beyond 48 MB (see {@link EventStreams}). */
    private static final int BATCH = 1000;

    private final MongoTemplate axonMongoTemplate;
    private final Serializer eventSerializer;
    private final EventEntryConfiguration fields = EventEntryConfiguration.getDefault();

    /**
     * @param eventSerializer the storage engine's event serializer: the personal-data encrypting wrapper around
     *                        Axon's Jackson serializer, so a payload reads here as it reads for the publisher
     */
    public ChangedStreams(MongoTemplate axonMongoTemplate, Serializer eventSerializer) {
        this.axonMongoTemplate = axonMongoTemplate;
        this.eventSerializer = eventSerializer;
    }

    /**
     * @param since read events whose stored timestamp is at or after this instant
     * @param limit read at most this many of them, in the store's order (timestamp, then sequence)
     */
    public StreamChanges since(Instant since, int limit) {
        return since(since, limit, true);
    }

    /**
     * @param courses whether to name each stream's course, which opens an event payload per stream; without,
     *                every {@code courseId} is null
     */
    public StreamChanges since(Instant since, int limit, boolean courses) {
        // Timestamps are stored as Axon formats them: ISO-8601 UTC with exactly three fraction digits (truncated), so
        // they sort as strings in time order, and an instant inside a millisecond formats to the start of it: no
        // event stored in that millisecond is missed.
        String from = DateTimeUtils.formatInstant(since);
        // Ordered by aggregate id, as the answer is.
        Map<String, Tally> streams = new TreeMap<>();
        int read = 0;
        Instant until = null;
        boolean more = false;
        // One more than asked for: whether it exists tells a cut page from a finished one.
        FindIterable<Document> events = axonMongoTemplate.eventCollection()
                .find(gte(fields.timestampProperty(), from))
                .sort(ascending(fields.timestampProperty(), fields.sequenceNumberProperty()))
                .limit(limit + 1)
                .batchSize(Math.min(BATCH, limit + 1));
        if (!courses) {
            // Without the payloads and metadata, most of an event's size: the embedded server keeps a read's whole
            // answer until the reader has it all, and at the page size a reconciliation reads that was the heap's
            // largest item under load (decision 0022).
            events = events.projection(include(fields.timestampProperty(), fields.sequenceNumberProperty(),
                    fields.aggregateIdentifierProperty(), fields.typeProperty(), fields.eventIdentifierProperty()));
        }
        for (Document document : events) {
            if (read == limit) {
                more = true;
                break;
            }
            read++;
            EventEntry event = new EventEntry(document, fields);
            until = event.getTimestamp();
            Tally tally = streams.computeIfAbsent(event.getAggregateIdentifier(), id -> new Tally(event, courses));
            tally.lastSequence = Math.max(tally.lastSequence, event.getSequenceNumber());
        }
        return new StreamChanges(streams.values().stream().map(Tally::toStream).toList(), !more, until);
    }

    /** One stream while reading. Its course comes from the payload of its first event read, the only one opened. */
    private final class Tally {

        private final String aggregateType;
        private final String aggregateId;
        private final String courseId;
        private long lastSequence;

        Tally(EventEntry first, boolean courses) {
            this.aggregateType = first.getType();
            this.aggregateId = first.getAggregateIdentifier();
            this.lastSequence = first.getSequenceNumber();
            this.courseId = courses ? courseOf(first) : null;
        }

        /**
         * A Patient event's payload is not opened: it has no course, and opening it would decrypt personal data for
         * nothing. The others go through the engine's serializer as the engine itself deserializes them (no
         * upcasters are configured; one added to the engine would have to apply here too).
         */
        private String courseOf(EventEntry event) {
            if (AggregateType.PATIENT.axonName().equals(event.getType())) {
                return null;
            }
            Object payload = eventSerializer.deserialize(event.getPayload());
            if (payload instanceof SessionEvent session) {
                return session.courseId();
            }
            if (payload instanceof CourseEvent course) {
                return course.courseId();
            }
            return null;
        }

        ChangedStream toStream() {
            return new ChangedStream(aggregateType, aggregateId, lastSequence, courseId);
        }
    }

    /** What a request read: the streams, whether that was everything, and where to go on from if not. */
    @Schema(description = "The streams with events stored at or after 'since'")
    public record StreamChanges(
            @Schema(description = "One entry per stream with at least one event read, ordered by aggregate id")
            List<ChangedStream> streams,
            @Schema(description = "false when 'limit' events were read and more follow: ask again with since=until "
                    + "(the pages overlap at that instant; merge by the highest sequence)")
            boolean complete,
            @Schema(description = "The stored timestamp of the last event read (millisecond precision); "
                    + "absent when none was read")
            Instant until) {
    }

    /** One stream: the highest sequence read for it, and the course it belongs to. */
    public record ChangedStream(
            @Schema(description = "The event store's aggregate type",
                    allowableValues = {"Patient", "TreatmentCourse", "Session"})
            String aggregateType,
            String aggregateId,
            @Schema(description = "The highest sequence number read for the stream")
            long lastSequence,
            @Schema(description = "The course of a Session or TreatmentCourse stream; absent for Patient streams")
            String courseId) {
    }
}
