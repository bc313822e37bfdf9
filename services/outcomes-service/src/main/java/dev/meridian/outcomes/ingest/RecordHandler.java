package dev.meridian.outcomes.ingest;

import com.mongodb.MongoException;
import dev.meridian.events.envelope.CloudEventsKafkaCodec;
import dev.meridian.events.envelope.EventEnvelope;
import dev.meridian.events.envelope.UnreadableEventException;
import dev.meridian.outcomes.projection.EventApplier;
import dev.meridian.outcomes.projection.ProjectionMetrics;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
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

    /** Null: records are decoded on the consumer's thread; else half of a large batch is decoded on it. */
    private final Executor decoder;

    public RecordHandler(CloudEventsKafkaCodec codec, EventApplier applier, ProjectionMetrics metrics,
                         DeadLetters deadLetters) {
        this(codec, applier, metrics, deadLetters, null);
    }

    /**
     * @param decoder where the second half of a large batch is decoded while the consumer's thread decodes the
     *                first (a rebuild's polls of thousands of records: decoding was a third of its consumer's time,
     *                profiled); null decodes every record on the consumer's thread
     */
    public RecordHandler(CloudEventsKafkaCodec codec, EventApplier applier, ProjectionMetrics metrics,
                         DeadLetters deadLetters, Executor decoder) {
        this.codec = codec;
        this.applier = applier;
        this.metrics = metrics;
        this.deadLetters = deadLetters;
        this.decoder = decoder;
    }

    /** Batches smaller than this are decoded on the consumer's thread alone (a hand-over costs more). */
    static final int PARALLEL_DECODING_FROM = 256;

    /** One record decoded: its headers and event, or why it is unreadable. */
    private record Decoded(Map<String, byte[]> headers, EventEnvelope envelope, String unreadable) {
    }

    private Decoded decode(ConsumerRecord<String, byte[]> record) {
        Map<String, byte[]> headers = headersOf(record);
        try {
            return new Decoded(headers, codec.decode(headers, record.value()), null);
        } catch (UnreadableEventException e) {
            return new Decoded(headers, null, "unreadable: " + e.getMessage());
        }
    }

    /** Every record decoded, in order; half of them elsewhere when there is a decoder and enough records. */
    private Decoded[] decodeAll(List<ConsumerRecord<String, byte[]>> records) {
        Decoded[] decoded = new Decoded[records.size()];
        int half = records.size() / 2;
        CompletableFuture<Void> second = null;
        if (decoder != null && records.size() >= PARALLEL_DECODING_FROM) {
            try {
                second = CompletableFuture.runAsync(() -> {
                    for (int i = half; i < decoded.length; i++) {
                        decoded[i] = decode(records.get(i));
                    }
                }, decoder);
            } catch (RejectedExecutionException e) {
                second = null; // the decoder is shut down (the rebuild is ending): all of it here
            }
        }
        int end = second == null ? decoded.length : half;
        for (int i = 0; i < end; i++) {
            decoded[i] = decode(records.get(i));
        }
        if (second != null) {
            try {
                second.join(); // (join makes the other thread's writes to the array visible here)
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException cause ? cause : e;
            }
        }
        return decoded;
    }

    /**
     * Handles a poll's records: the readable ones applied together ({@link EventApplier#applyAllByOwner}), one at a
     * time for the owners whose events need parking or that the projection refuses; unreadable ones dead-lettered
     * once the rest is written. Database trouble is a {@link TransientFailure} for the whole batch, which is read again
     * (everything in it is then a duplicate or finished by its guard).
     */
    public void handleAll(List<ConsumerRecord<String, byte[]>> records) {
        List<EventApplier.Incoming> readable = new ArrayList<>(records.size());
        List<ConsumerRecord<String, byte[]>> readableRecords = new ArrayList<>(records.size());
        Map<ConsumerRecord<String, byte[]>, String> unreadable = new LinkedHashMap<>();
        Decoded[] decoded = decodeAll(records);
        for (int i = 0; i < decoded.length; i++) {
            ConsumerRecord<String, byte[]> record = records.get(i);
            if (decoded[i].unreadable() == null) {
                readable.add(new EventApplier.Incoming(decoded[i].envelope(), decoded[i].headers(), record.value()));
                readableRecords.add(record);
            } else {
                unreadable.put(record, decoded[i].unreadable());
            }
        }
        try {
            applier.applyAllByOwner(readable, i -> apply(readableRecords.get(i), readable.get(i)));
        } catch (MongoException | DataAccessException e) {
            throw new TransientFailure("read-model write failed", e);
        }
        unreadable.forEach(this::deadLetter);
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
            apply(record, new EventApplier.Incoming(envelope, headers, record.value()));
        } catch (MongoException | DataAccessException e) {
            throw new TransientFailure("read-model write failed", e);
        }
    }

    private void apply(ConsumerRecord<String, byte[]> record, EventApplier.Incoming incoming) {
        try {
            applier.apply(incoming.envelope(), incoming.headers(), incoming.body());
        } catch (MongoException | DataAccessException e) {
            throw e;
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
        return new HeaderView(record.headers());
    }
}
