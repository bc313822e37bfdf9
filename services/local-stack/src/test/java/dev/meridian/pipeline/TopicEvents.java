package dev.meridian.pipeline;

import dev.meridian.events.envelope.CloudEventsKafkaCodec;
import dev.meridian.events.envelope.EventEnvelope;
import dev.meridian.events.envelope.UnreadableEventException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The raw events on the topic, as an independent reader sees them: every partition from the beginning, each
 * (aggregate, sequence) once however often it was published, in the order first read.
 */
final class TopicEvents implements AutoCloseable {

    private final KafkaConsumer<String, byte[]> consumer;
    private final CloudEventsKafkaCodec codec = new CloudEventsKafkaCodec();
    private final List<EventEnvelope> events = new ArrayList<>();
    private final Set<String> seen = new HashSet<>();
    private final String topic;
    private boolean assigned;

    TopicEvents(String bootstrapServers, String topic) {
        this.topic = topic;
        this.consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class));
    }

    /** Reads what arrived since the last call; returns everything read so far. */
    List<EventEnvelope> readNew() {
        if (!assigned) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            assigned = true;
        }
        ConsumerRecords<String, byte[]> records;
        do {
            records = consumer.poll(Duration.ofMillis(200));
            for (ConsumerRecord<String, byte[]> record : records) {
                Map<String, byte[]> headers = new LinkedHashMap<>();
                for (Header header : record.headers()) {
                    headers.put(header.key(), header.value());
                }
                try {
                    EventEnvelope envelope = codec.decode(headers, record.value());
                    if (seen.add(envelope.aggregateId() + ":" + envelope.aggregateSequence())) {
                        events.add(envelope);
                    }
                } catch (UnreadableEventException e) {
                    throw new AssertionError("practice-service published an unreadable record: " + e.getMessage());
                }
            }
        } while (!records.isEmpty());
        return List.copyOf(events);
    }

    @Override
    public void close() {
        consumer.close();
    }
}
