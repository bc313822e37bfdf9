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
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Puts events on a test topic exactly as the publisher does: the contract's codec, key = patient id. */
public final class TopicProducer implements AutoCloseable {

    private final String topic;
    private final CloudEventsKafkaCodec codec = new CloudEventsKafkaCodec();
    private KafkaProducer<String, byte[]> producer;

    public TopicProducer(String topic) {
        this.topic = topic;
        this.producer = newProducer();
    }

    private static KafkaProducer<String, byte[]> newProducer() {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestServers.kafkaBootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 45_000));
    }

    public void send(EventEnvelope envelope) {
        sendAll(List.of(envelope));
    }

    /**
     * Sends in order and waits until the broker acknowledged every record. Should the producer fail (as a publisher
     * can), it is replaced and the whole list sent again: at least once, like the real publisher.
     */
    public synchronized void sendAll(List<EventEnvelope> envelopes) {
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
        for (EventEnvelope envelope : envelopes) {
            EncodedRecord record = codec.encode(envelope);
            records.add(toRecord(record.key(), record.headers(), record.value()));
        }
        sendAcknowledged(records);
    }

    /** A record as it is, readable or not. */
    public synchronized void sendRaw(String key, Map<String, byte[]> headers, byte[] value) {
        sendAcknowledged(List.of(toRecord(key, headers, value)));
    }

    private void sendAcknowledged(List<ProducerRecord<String, byte[]>> records) {
        for (int attempt = 1; ; attempt++) {
            List<Future<RecordMetadata>> acks = new ArrayList<>();
            records.forEach(record -> acks.add(producer.send(record)));
            try {
                acks.forEach(TopicProducer::await);
                return;
            } catch (IllegalStateException e) {
                if (attempt == 3) {
                    throw e;
                }
                producer.close(Duration.ZERO);
                producer = newProducer();
            }
        }
    }

    /**
     * The records on the topic now (the sum of its partitions' end offsets). What a consumer reading it all will
     * count: at least the events sent, more when a failed attempt was sent again (at least once).
     */
    public long recordsOnTopic() {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestServers.kafkaBootstrapServers()))) {
            Map<TopicPartition, OffsetSpec> ends = new java.util.HashMap<>();
            admin.describeTopics(List.of(topic)).allTopicNames().get(60, TimeUnit.SECONDS).get(topic).partitions()
                    .forEach(p -> ends.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
            return admin.listOffsets(ends).all().get(60, TimeUnit.SECONDS).values().stream()
                    .mapToLong(ListOffsetsResultInfo::offset).sum();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("end offsets of " + topic + " not known", e);
        }
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
    public synchronized void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
