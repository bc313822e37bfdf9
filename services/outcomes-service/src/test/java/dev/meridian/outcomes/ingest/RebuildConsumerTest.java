package dev.meridian.outcomes.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Sorts;
import dev.meridian.events.envelope.CloudEventsKafkaCodec;
import dev.meridian.events.envelope.EncodedRecord;
import dev.meridian.events.envelope.EventEnvelope;
import dev.meridian.outcomes.projection.EventApplier;
import dev.meridian.outcomes.projection.HeapPressure;
import dev.meridian.outcomes.projection.ProjectionMetrics;
import dev.meridian.outcomes.projection.ReadModelStore;
import dev.meridian.outcomes.support.History;
import dev.meridian.outcomes.support.TestServers;
import dev.meridian.outcomes.support.TopicProducer;
import dev.meridian.outcomes.support.Workloads;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The rebuild's consumer side (real broker, embedded wire server): a consumer without a group tells when it has
 * read to the topic's end, so that the rebuild checks at once; and half of a large poll decoded on another thread
 * projects exactly what the consumer's thread alone projects.
 */
class RebuildConsumerTest {

    private final CloudEventsKafkaCodec codec = new CloudEventsKafkaCodec();
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable closeable : toClose) {
            closeable.close();
        }
    }

    @Test
    void aConsumerWithoutAGroupTellsOnceItHasReadToTheEndAndAgainAfterNewRecords() throws Exception {
        String topic = "rebuild-consumer-" + UUID.randomUUID().toString().substring(0, 8);
        TestServers.createTopics(List.of(topic), 3, Duration.ofSeconds(60));
        TopicProducer producer = new TopicProducer(topic);
        toClose.add(producer);
        History first = Workloads.generate(71, 12);
        producer.sendAll(first.envelopes());
        // At least the events sent: the producer sends a failed attempt again, as the publisher does.
        long firstOnTopic = producer.recordsOnTopic();
        assertThat(firstOnTopic).isGreaterThanOrEqualTo(first.envelopes().size());

        EventApplier applier = inMemoryApplier(TestServers.freshDatabase("rebuildconsumer"), new SimpleMeterRegistry());
        ExecutorService decoder = decoder(new AtomicInteger());
        RecordHandler handler = new RecordHandler(codec, applier, new ProjectionMetrics(new SimpleMeterRegistry(),
                "rebuild"), null, decoder);
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestServers.kafkaBootstrapServers());
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50);
        ProjectionConsumer consumer = new ProjectionConsumer("rebuild-consumer-test", props, topic, handler, () -> { },
                Duration.ofMillis(200), Duration.ofSeconds(1));
        // Records read when told, as the listener sees them on the consumer's thread.
        List<Long> told = new CopyOnWriteArrayList<>();
        consumer.onCaughtUp(() -> told.add(consumer.recordsProcessed()));
        toClose.add(consumer::stop);
        consumer.start();

        await().atMost(Duration.ofSeconds(60)).until(() -> !told.isEmpty());
        assertThat(told.get(0)).as("told only once everything on the topic was read")
                .isEqualTo(firstOnTopic);
        // Idle polls at the end do not tell again.
        await().pollDelay(Duration.ofMillis(600)).atMost(Duration.ofSeconds(5)).until(() -> true);
        assertThat(told).hasSize(1);

        History second = Workloads.generate(73, 5);
        producer.sendAll(second.envelopes());
        long allOnTopic = producer.recordsOnTopic();
        assertThat(allOnTopic).isGreaterThanOrEqualTo(firstOnTopic + second.envelopes().size());
        await().atMost(Duration.ofSeconds(60)).until(() -> told.size() >= 2
                && told.get(told.size() - 1) == allOnTopic);
        assertThat(consumer.recordsProcessed()).isEqualTo(allOnTopic);
    }

    @Test
    void halfOfALargePollDecodedOnAnotherThreadProjectsWhatTheConsumersThreadAloneProjects() {
        History history = Workloads.generate(79, 40);
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        List<EventEnvelope> envelopes = history.envelopes();
        for (int i = 0; i < envelopes.size(); i++) {
            EncodedRecord encoded = codec.encode(envelopes.get(i));
            records.add(record(records.size(), encoded.key(), encoded.headers(), encoded.value()));
            if (i == 7 || i == envelopes.size() - 9) {
                // Unreadable records in each half: a body that is not the named type, and an unknown type.
                Map<String, byte[]> headers = new LinkedHashMap<>(encoded.headers());
                records.add(record(records.size(), encoded.key(), headers,
                        "{not json".getBytes(StandardCharsets.UTF_8)));
                headers = new LinkedHashMap<>(encoded.headers());
                headers.put("ce_type", "dev.meridian.NoSuchEvent".getBytes(StandardCharsets.UTF_8));
                records.add(record(records.size(), encoded.key(), headers, encoded.value()));
            }
        }
        assertThat(records).hasSizeGreaterThanOrEqualTo(RecordHandler.PARALLEL_DECODING_FROM);

        MongoDatabase alone = TestServers.freshDatabase("decodealone");
        SimpleMeterRegistry aloneMetrics = new SimpleMeterRegistry();
        EventApplier aloneApplier = inMemoryApplier(alone, aloneMetrics);
        new RecordHandler(codec, aloneApplier, new ProjectionMetrics(aloneMetrics, "rebuild"), null)
                .handleAll(records);
        aloneApplier.flushHeld();

        MongoDatabase split = TestServers.freshDatabase("decodesplit");
        SimpleMeterRegistry splitMetrics = new SimpleMeterRegistry();
        EventApplier splitApplier = inMemoryApplier(split, splitMetrics);
        AtomicInteger handedOver = new AtomicInteger();
        new RecordHandler(codec, splitApplier, new ProjectionMetrics(splitMetrics, "rebuild"), null,
                decoder(handedOver)).handleAll(records);
        splitApplier.flushHeld();

        assertThat(handedOver).as("half of the poll was decoded on the decoder's thread").hasValue(1);
        for (String collection : List.of(ReadModelStore.COURSE_OUTCOMES, ReadModelStore.PATIENT_STREAMS,
                ReadModelStore.DASHBOARD_CELLS, ReadModelStore.CELL_COURSES)) {
            assertThat(all(split, collection)).as(collection).isNotEmpty().isEqualTo(all(alone, collection));
        }
        assertThat(deadLettered(splitMetrics)).isEqualTo(deadLettered(aloneMetrics)).isEqualTo(4.0);
        assertThat(splitMetrics.get(ProjectionMetrics.APPLIED).counters().stream().mapToDouble(c -> c.count()).sum())
                .isEqualTo(envelopes.size());
    }

    private EventApplier inMemoryApplier(MongoDatabase database, SimpleMeterRegistry registry) {
        return EventApplier.rebuildInMemory(new ReadModelStore(database, ""), new ProjectionMetrics(registry,
                "rebuild"), (type, id, expected, received) -> { }, codec, Clock.systemUTC(), 200_000,
                HeapPressure.NONE);
    }

    /** A decoder thread of its own, counting what it is handed (shut down after the test). */
    private ExecutorService decoder(AtomicInteger handedOver) {
        ExecutorService executor = Executors.newSingleThreadExecutor();
        toClose.add(executor::shutdownNow);
        return new java.util.concurrent.AbstractExecutorService() {
            @Override
            public void execute(Runnable command) {
                handedOver.incrementAndGet();
                executor.execute(command);
            }

            @Override
            public void shutdown() {
                executor.shutdown();
            }

            @Override
            public List<Runnable> shutdownNow() {
                return executor.shutdownNow();
            }

            @Override
            public boolean isShutdown() {
                return executor.isShutdown();
            }

            @Override
            public boolean isTerminated() {
                return executor.isTerminated();
            }

            @Override
            public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
                return executor.awaitTermination(timeout, unit);
            }
        };
    }

    private static ConsumerRecord<String, byte[]> record(int offset, String key, Map<String, byte[]> headers,
                                                         byte[] value) {
        RecordHeaders recordHeaders = new RecordHeaders();
        headers.forEach((name, bytes) -> recordHeaders.add(new RecordHeader(name, bytes)));
        return new ConsumerRecord<>("clinic.events", 0, offset, 0L, TimestampType.CREATE_TIME, -1, -1, key, value,
                recordHeaders, Optional.empty());
    }

    private static double deadLettered(SimpleMeterRegistry registry) {
        return registry.find(ProjectionMetrics.DEAD_LETTERED).counters().stream().mapToDouble(c -> c.count()).sum();
    }

    private static List<Document> all(MongoDatabase database, String collection) {
        return database.getCollection(collection).find().sort(Sorts.ascending("_id")).into(new ArrayList<>());
    }
}
