package dev.meridian.practice.publishing;

import static org.awaitility.Awaitility.await;

import dev.meridian.events.envelope.CloudEventsKafkaCodec;
import dev.meridian.events.envelope.EventEnvelope;
import dev.meridian.events.envelope.UnreadableEventException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads a whole topic from the beginning, every partition, without a consumer group: what is on the topic, duplicates
 * included. Not thread-safe: poll it from the test thread ({@code await().pollInSameThread()}).
 */
final class TopicReader implements AutoCloseable {

    private final KafkaConsumer<String, byte[]> consumer;
    private final List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
    private final CloudEventsKafkaCodec codec = new CloudEventsKafkaCodec();

    TopicReader(String bootstrapServers, String topic) {
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.CLIENT_ID_CONFIG, "topic-reader-" + topic));
        // The publisher creates the topic on its first send.
        List<TopicPartition> partitions = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).pollInSameThread().until(() -> {
            consumer.partitionsFor(topic, Duration.ofSeconds(2))
                    .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            return !partitions.isEmpty();
        });
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /** Everything read so far, after one more poll. */
    List<ConsumerRecord<String, byte[]>> poll() {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
        return List.copyOf(records);
    }

    /** Records (after one more poll) whose subject is one of the given aggregates. */
    List<ConsumerRecord<String, byte[]>> pollFor(Collection<String> aggregateIds) {
        Set<String> ids = Set.copyOf(aggregateIds);
        return poll().stream().filter(r -> ids.contains(header(r, CloudEventsKafkaCodec.SUBJECT)))
                .collect(Collectors.toList());
    }

    EventEnvelope decode(ConsumerRecord<String, byte[]> record) {
        Map<String, byte[]> headers = new LinkedHashMap<>();
        for (Header header : record.headers()) {
            headers.put(header.key(), header.value());
        }
        try {
            return codec.decode(headers, record.value());
        } catch (UnreadableEventException e) {
            throw new AssertionError("Unreadable record on the topic: " + e.getMessage(), e);
        }
    }

    /** Per aggregate id, the sorted set of sequences seen (duplicates collapse). */
    Map<String, Set<Long>> sequencesByAggregate(Collection<ConsumerRecord<String, byte[]>> records) {
        Map<String, Set<Long>> result = new TreeMap<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            EventEnvelope envelope = decode(record);
            result.computeIfAbsent(envelope.aggregateId(), k -> new TreeSet<>())
                    .add(envelope.aggregateSequence());
        }
        return result;
    }

    static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    static Predicate<ConsumerRecord<String, byte[]>> withSubject(String aggregateId) {
        return r -> aggregateId.equals(header(r, CloudEventsKafkaCodec.SUBJECT));
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(1));
    }
}
