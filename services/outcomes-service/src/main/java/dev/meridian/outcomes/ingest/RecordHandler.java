package dev.meridian.outcomes.ingest;

import com.mongodb.MongoException;
import dev.meridian.events.envelope.CloudEventsKafkaCodec;
import dev.meridian.events.envelope.EventEnvelope;
import dev.meridian.events.envelope.UnreadableEventException;
import dev.meridian.outcomes.projection.EventApplier;
import dev.meridian.outcomes.projection.ProjectionMetrics;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;

/**
 * One record's way into the read models: decode, then apply; a record that is not a readable event (or that the
 * projection refuses) goes to the dead-letter topic with its reason, and consumption goes on. Database trouble is
 * a {@link TransientFailure}: the record is read again.
 */
public final class RecordHandler {

    private static final Logger log = LoggerFactory.getLogger(RecordHandler.class);

    private final CloudEventsKafkaCodec codec;
    private final EventApplier applier;
    private final ProjectionMetrics metrics;
    /** Null for a rebuild: the live projection already dead-lettered the same records. */
    private final DeadLetters deadLetters;

    public RecordHandler(CloudEventsKafkaCodec codec, EventApplier applier, ProjectionMetrics metrics,
                         DeadLetters deadLetters) {
        this.codec = codec;
        this.applier = applier;
        this.metrics = metrics;
        this.deadLetters = deadLetters;
    }

    public void handle(ConsumerRecord<String, byte[]> record) {
        Map<String, byte[]> headers = headersOf(record);
        EventEnvelope envelope;
        try {
            envelope = codec.decode(headers, record.value());
        } catch (UnreadableEventException e) {
            deadLetter(record, "unreadable: " + e.getMessage());
            return;
        }
        try {
            applier.apply(envelope, headers, record.value());
        } catch (MongoException | DataAccessException e) {
            throw new TransientFailure("read-model write failed", e);
        } catch (RuntimeException e) {
            // A readable event the projection cannot use (a contract violation or a bug): keep it, go on.
            deadLetter(record, "not projectable: " + e);
        }
    }

    private void deadLetter(ConsumerRecord<String, byte[]> record, String reason) {
        if (deadLetters != null) {
            deadLetters.send(record, reason);
        }
        metrics.deadLettered();
        // The reason can quote the body, so it goes to the dead-letter header only, never to the log.
        log.warn("Record {}-{}@{} dead-lettered", record.topic(), record.partition(), record.offset());
    }

    static Map<String, byte[]> headersOf(ConsumerRecord<String, byte[]> record) {
        Map<String, byte[]> headers = new LinkedHashMap<>();
        for (Header header : record.headers()) {
            headers.put(header.key(), header.value()); // the last one wins, as the codec expects
        }
        return headers;
    }
}
