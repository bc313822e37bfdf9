package dev.meridian.outcomes.support;

import dev.meridian.events.envelope.CloudEventsKafkaCodec;
import dev.meridian.events.envelope.EncodedRecord;
import dev.meridian.events.envelope.EventEnvelope;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Puts events on a test topic exactly as the publisher does: the contract's codec, key = patient id. */
public final class TopicProducer implements AutoCloseable {

    private final String topic;
    private final CloudEventsKafkaCodec codec = new CloudEventsKafkaCodec();
    private final KafkaProducer<String, byte[]> producer;

    public TopicProducer(String topic) {
        this.topic = topic;
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestServers.kafkaBootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 5));
    }

    public void send(EventEnvelope envelope) {
        sendAll(List.of(envelope));
    }

    /** Sends in order and waits until the broker acknowledged every record. */
    public void sendAll(List<EventEnvelope> envelopes) {
        List<Future<RecordMetadata>> acks = new ArrayList<>();
        for (EventEnvelope envelope : envelopes) {
            EncodedRecord record = codec.encode(envelope);
            acks.add(producer.send(toRecord(record.key(), record.headers(), record.value())));
        }
        acks.forEach(TopicProducer::await);
    }

    /** A record as it is, readable or not. */
    public void sendRaw(String key, Map<String, byte[]> headers, byte[] value) {
        await(producer.send(toRecord(key, headers, value)));
    }

    private ProducerRecord<String, byte[]> toRecord(String key, Map<String, byte[]> headers, byte[] value) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, null, key, value);
        headers.forEach((name, bytes) -> record.headers().add(name, bytes));
        return record;
    }

    private static void await(Future<RecordMetadata> ack) {
        try {
            ack.get(120, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("record not acknowledged", e);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
