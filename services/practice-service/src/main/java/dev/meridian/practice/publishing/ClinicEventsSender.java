package dev.meridian.practice.publishing;

import dev.meridian.events.envelope.CloudEventsKafkaCodec;
import dev.meridian.events.envelope.EncodedRecord;
import dev.meridian.events.envelope.EventEnvelope;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends envelopes to the topic with one idempotent producer ({@code acks=all}), asynchronously: {@link #send} only
 * hands the record to the producer, which batches records ({@code linger.ms}); {@link #awaitAcknowledged} then waits
 * until Kafka acknowledged every record of a batch. Used by the streaming publisher and by re-publication alike.
 *
 * <p>Records are encoded by the contract's {@link CloudEventsKafkaCodec}, which removes personal data before
 * anything is written.
 *
 * <p>After a failure the producer is closed and a new one is made for the next attempt: records still buffered for
 * a broker that is gone are dropped rather than piling up behind the retry, and a producer left in a fatal state
 * is not reused.
 */
public class ClinicEventsSender implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ClinicEventsSender.class);
    /** Time on top of the producer's own delivery timeout, after which a future that never completed counts as lost. */
    private static final Duration ACKNOWLEDGEMENT_MARGIN = Duration.ofSeconds(5);

    private final Function<Map<String, Object>, Producer<String, byte[]>> producerFactory;
    private final Map<String, Object> producerConfig;
    private final ClinicEventsTopic topic;
    private final CloudEventsKafkaCodec codec;
    private final Duration acknowledgementTimeout;
    private Producer<String, byte[]> producer;
    private boolean closed;

    public ClinicEventsSender(Map<String, Object> producerConfig, ClinicEventsTopic topic, CloudEventsKafkaCodec codec) {
        this(producerConfig, topic, codec, KafkaProducer::new);
    }

    ClinicEventsSender(Map<String, Object> producerConfig, ClinicEventsTopic topic, CloudEventsKafkaCodec codec,
                       Function<Map<String, Object>, Producer<String, byte[]>> producerFactory) {
        this.producerConfig = Map.copyOf(producerConfig);
        this.topic = topic;
        this.codec = codec;
        this.producerFactory = producerFactory;
        Object deliveryTimeout = producerConfig.get(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG);
        this.acknowledgementTimeout = Duration.ofMillis(Long.parseLong(String.valueOf(deliveryTimeout)))
                .plus(ACKNOWLEDGEMENT_MARGIN);
    }

    /**
     * The producer settings: whatever {@code spring.kafka.producer.*} says, then the guarantees, which cannot be
     * configured away (every in-sync replica acknowledges; the idempotent producer neither duplicates nor reorders
     * records within a partition while it retries).
     */
    public static Map<String, Object> producerConfig(Map<String, Object> fromSpringProperties, Duration sendTimeout) {
        Map<String, Object> config = new HashMap<>(fromSpringProperties);
        config.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "practice-service-publisher");
        config.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 5);
        long linger = Long.parseLong(String.valueOf(config.get(ProducerConfig.LINGER_MS_CONFIG)));
        long requestTimeout = Long.parseLong(String.valueOf(config.getOrDefault(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000)));
        // The producer refuses a delivery timeout shorter than linger + request timeout.
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG,
                (int) Math.max(1000, Math.min(requestTimeout, sendTimeout.toMillis() - linger)));
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) sendTimeout.toMillis());
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, sendTimeout.toMillis());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.RETRIES_CONFIG, Integer.MAX_VALUE);
        int inFlight = Integer.parseInt(String.valueOf(
                config.getOrDefault(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5)));
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, Math.min(Math.max(inFlight, 1), 5));
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return config;
    }

    public String topic() {
        return topic.name();
    }

    /**
     * Hands one envelope to the producer. Returns at once unless the producer must first learn where the topic
     * lives, or its buffer is full (then it waits up to the send timeout).
     *
     * @throws PublicationFailedException when the record could not even be handed over (Kafka unreachable)
     */
    public PendingSend send(EventEnvelope envelope) {
        EncodedRecord encoded = codec.encode(envelope);
        List<Header> headers = new ArrayList<>(encoded.headers().size());
        encoded.headers().forEach((name, value) -> headers.add(new RecordHeader(name, value)));
        ProducerRecord<String, byte[]> record =
                new ProducerRecord<>(topic.name(), null, encoded.key(), encoded.value(), headers);
        CompletableFuture<RecordMetadata> acknowledged = new CompletableFuture<>();
        Producer<String, byte[]> current = null;
        try {
            topic.ensureExists();
            current = producer();
            current.send(record, (metadata, error) -> {
                if (error == null) {
                    acknowledged.complete(metadata);
                } else {
                    acknowledged.completeExceptionally(error);
                }
            });
        } catch (RuntimeException e) {
            discard(current);
            throw new PublicationFailedException("Kafka did not take event " + envelope.eventId() + ": " + e, e);
        }
        return new PendingSend(envelope, acknowledged, current);
    }

    /**
     * Waits until Kafka acknowledged every one of {@code sends}.
     *
     * @throws PublicationFailedException naming how many were not acknowledged, when any failed or timed out
     */
    public void awaitAcknowledged(List<PendingSend> sends) {
        long deadline = System.nanoTime() + acknowledgementTimeout.toNanos();
        int failed = 0;
        Throwable firstFailure = null;
        PendingSend firstFailed = null;
        for (PendingSend send : sends) {
            try {
                send.acknowledged().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (ExecutionException | TimeoutException e) {
                failed++;
                if (firstFailure == null) {
                    firstFailure = e instanceof ExecutionException ? e.getCause() : e;
                    firstFailed = send;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PublicationFailedException("Interrupted while waiting for Kafka", e);
            }
        }
        if (failed > 0) {
            discard(firstFailed.producer());
            throw new PublicationFailedException("Kafka acknowledged " + (sends.size() - failed) + " of " + sends.size()
                    + " records; first failure: " + firstFailure, firstFailure);
        }
    }

    private synchronized Producer<String, byte[]> producer() {
        if (closed) {
            throw new IllegalStateException("The publisher's producer is closed");
        }
        if (producer == null) {
            producer = producerFactory.apply(producerConfig);
        }
        return producer;
    }

    /** Closes a failed producer at once (dropping what it still buffers); the next send makes a new one. */
    private synchronized void discard(Producer<String, byte[]> failed) {
        if (failed != null && failed == producer) {
            producer = null;
            try {
                failed.close(Duration.ZERO);
            } catch (RuntimeException e) {
                log.debug("Closing the failed producer failed", e);
            }
            log.info("Kafka producer replaced after a failure; the batch will be sent again");
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (producer != null) {
            producer.close(Duration.ofSeconds(10));
            producer = null;
        }
    }

    /** One record handed to the producer, and its acknowledgement to come. */
    public record PendingSend(EventEnvelope envelope, CompletableFuture<RecordMetadata> acknowledged,
                              Producer<String, byte[]> producer) {
    }

    /** Kafka did not acknowledge what was sent; whoever sent it sends it again later. */
    public static class PublicationFailedException extends RuntimeException {

        PublicationFailedException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
