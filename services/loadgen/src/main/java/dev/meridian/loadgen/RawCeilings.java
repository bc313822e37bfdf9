package dev.meridian.loadgen;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.bson.Document;

/**
 * The ceilings of the same machine and servers, measured right after the load: how fast the MongoDB driver can
 * insert into the same server, and how fast a bare consumer reads the same topic from offset 0. The consume ceiling
 * is the fastest of {@link #CONSUME_READS} reads: a consumer new to the load generator's JVM reads slower while the
 * JIT compiles it, and the third read was still faster than the second in every run (decision 0027).
 */
final class RawCeilings {

    private static final int BATCH_SIZE = 500;

    private RawCeilings() {
    }

    /** Kafka consume reads of the whole topic; the ceiling is the fastest. */
    static final int CONSUME_READS = 3;

    /** @param note told what the measurement did beyond what the figures say (the consume reads' rates) */
    static BenchmarkReport.RawCeilings measure(Benchmark.Targets targets, int documents, Consumer<String> note) {
        int singleInserts = documents / 4;
        int batches = Math.max(1, (documents - singleInserts) / BATCH_SIZE);
        Double one = null;
        Double many = null;
        Double consume = null;
        Long records = null;
        List<String> missing = new ArrayList<>();
        if (targets.mongo != null) {
            MongoDatabase db = targets.mongo.getDatabase("meridian_benchmark_raw");
            try {
                MongoCollection<Document> docs = db.getCollection("raw_events");
                long start = System.nanoTime();
                for (int i = 0; i < singleInserts; i++) {
                    docs.insertOne(eventLike(i));
                }
                one = singleInserts / ((System.nanoTime() - start) / 1e9);
                start = System.nanoTime();
                for (int b = 0; b < batches; b++) {
                    List<Document> batch = new ArrayList<>(BATCH_SIZE);
                    for (int i = 0; i < BATCH_SIZE; i++) {
                        batch.add(eventLike(b * BATCH_SIZE + i));
                    }
                    docs.insertMany(batch);
                }
                many = batches * BATCH_SIZE / ((System.nanoTime() - start) / 1e9);
            } finally {
                db.drop();
            }
        } else {
            missing.add("no MongoDB given");
        }
        if (targets.kafkaBootstrap != null) {
            List<String> reads = new ArrayList<>();
            for (int read = 0; read < CONSUME_READS; read++) {
                long start = System.nanoTime();
                long[] counted = consumeAll(targets);
                double seconds = (System.nanoTime() - start) / 1e9;
                records = counted[0];
                if (records > 0) {
                    double rate = records / seconds;
                    consume = consume == null ? rate : Math.max(consume, rate);
                    reads.add(String.format("%,.0f", rate));
                }
            }
            note.accept("Raw Kafka consume: " + reads.size() + " reads of the whole topic from offset 0, "
                    + String.join(", ", reads) + " records/s; the ceiling is the fastest.");
        } else {
            missing.add("no Kafka given");
        }
        return new BenchmarkReport.RawCeilings(missing.isEmpty() ? "measured" : String.join("; ", missing), one,
                many, consume, records);
    }

    /** A document the size and shape of an Axon event entry (about 700 bytes). */
    static Document eventLike(int i) {
        return new Document("aggregateIdentifier", UUID.randomUUID().toString())
                .append("type", "Session")
                .append("sequenceNumber", (long) i % 7)
                .append("serializedPayload", "{\"sessionId\":\"" + UUID.randomUUID() + "\",\"patientId\":\""
                        + UUID.randomUUID() + "\",\"locationId\":\"loc-aldmere\",\"muscles\":[\"QUADRATUS_LUMBORUM\","
                        + "\"ERECTOR_SPINAE\"],\"needleCount\":8,\"retentionMinutes\":25,\"occurredAt\":\""
                        + Instant.now() + "\"}")
                .append("payloadType", "dev.meridian.events.NeedlesRetained")
                .append("payloadRevision", null)
                .append("serializedMetaData", "{\"traceId\":\"" + UUID.randomUUID() + "\"}")
                .append("eventIdentifier", UUID.randomUUID().toString())
                .append("timestamp", Instant.now().toString());
    }

    /** Reads the whole topic from offset 0 with a bare consumer; returns {records}. */
    static long[] consumeAll(Benchmark.Targets targets) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(targets.kafkaBootstrap)) {
            List<TopicPartition> partitions = partitions(consumer, targets.topic);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long count = 0;
            long deadline = System.nanoTime() + 300_000_000_000L;
            while (!reached(consumer, end) && System.nanoTime() < deadline) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(500));
                count += records.count();
            }
            return new long[]{count};
        }
    }

    /** Records in the events topic (end minus beginning offsets), or null without Kafka. */
    static Long topicRecords(Benchmark.Targets targets) {
        if (targets.kafkaBootstrap == null) {
            return null;
        }
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(targets.kafkaBootstrap)) {
            List<TopicPartition> partitions = partitions(consumer, targets.topic);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions);
            return end.entrySet().stream().mapToLong(e -> e.getValue() - begin.get(e.getKey())).sum();
        }
    }

    private static boolean reached(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    private static List<TopicPartition> partitions(KafkaConsumer<byte[], byte[]> consumer, String topic) {
        Collection<org.apache.kafka.common.PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(10));
        return infos.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
    }

    private static KafkaConsumer<byte[], byte[]> consumer(String bootstrap) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000");
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "meridian-benchmark-raw");
        return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }
}
