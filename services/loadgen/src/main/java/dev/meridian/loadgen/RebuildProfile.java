package dev.meridian.loadgen;

import dev.meridian.events.AggregateType;
import dev.meridian.events.PatientRegistered;
import dev.meridian.events.TreatmentCourseOpened;
import dev.meridian.events.envelope.CloudEventsKafkaCodec;
import dev.meridian.events.envelope.EncodedRecord;
import dev.meridian.events.envelope.EventEnvelope;
import dev.meridian.local.LocalStack;
import dev.meridian.local.LocalStackOptions;
import dev.meridian.local.demo.DemoGenerator;
import dev.meridian.local.demo.DemoParameters;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A reproducible measurement of the projection rebuild alone (issue 5's rebuild goal), without the load phases:
 * starts the local stack in-process on a fresh data directory (embedded defaults), puts {@code --events} generated
 * events on the topic directly (the demo generator's patient scripts turned into events by {@link ScriptEvents},
 * plus each patient's {@code PatientRegistered} without personal data, as the publisher sends it; {@code
 * --interleave} patients' streams interleaved as concurrent clients would), waits until the live projection has
 * read them, then alternates a raw consume of the topic from offset 0 (the benchmark's {@link RawCeilings}) and a
 * rebuild through the endpoint (the benchmark's {@link RebuildMeasurement}), {@code --rounds} times, and prints
 * each round and the medians.
 *
 * <pre>
 * java -Xmx1g [-XX:StartFlightRecording=...] -cp ... dev.meridian.loadgen.RebuildProfile --events 40000 --rounds 3
 * </pre>
 */
public final class RebuildProfile {

    private static final Logger log = LoggerFactory.getLogger(RebuildProfile.class);

    private RebuildProfile() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>(Map.of("--events", "40000", "--rounds", "3", "--seed", "42",
                "--interleave", "16"));
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!options.containsKey(args[i])) {
                System.err.println("unknown option " + args[i] + "; known: " + options.keySet());
                System.exit(2);
            }
            options.put(args[i], args[i + 1]);
        }
        int events = Integer.parseInt(options.get("--events"));
        int rounds = Integer.parseInt(options.get("--rounds"));
        long seed = Long.parseLong(options.get("--seed"));
        int interleave = Integer.parseInt(options.get("--interleave"));
        System.setProperty("axoniq.update-checker.disabled", "true");
        Path dataDir = Files.createTempDirectory("meridian-rebuild-");
        LocalStack stack = null;
        Benchmark.Targets targets = null;
        try {
            // No reconciliation during the measurement: practice-service stores none of these streams.
            stack = LocalStack.start(LocalStackOptions.defaults().withDataDir(dataDir).withPorts(0, 0)
                    .withDemoData(false, 0), Map.of(), Map.of("meridian.outcomes.reconciliation.interval", "PT6H"));
            targets = Benchmark.Targets.of(stack);
            String group = stack.outcomesContext().getEnvironment()
                    .getProperty("meridian.outcomes.consumer.group", "outcomes-service");
            awaitTopic(targets);
            long start = System.nanoTime();
            long sent = fill(targets, events, seed, interleave);
            log.info("Put {} events on {} in {} s", sent, targets.topic, seconds(start));
            start = System.nanoTime();
            awaitLiveCaughtUp(targets, group);
            log.info("Live projection caught up in {} s", seconds(start));
            // The service's first authenticated request (servlet, token keys) is not the rebuild's: made untimed.
            new RebuildMeasurement(targets).warmUp();
            List<Double> raw = new ArrayList<>();
            List<Double> rebuilt = new ArrayList<>();
            List<Double> rebuildSeconds = new ArrayList<>();
            for (int round = 1; round <= rounds; round++) {
                long rawStart = System.nanoTime();
                long rawCpu = processCpuNanos();
                long records = RawCeilings.consumeAll(targets)[0];
                double rawSeconds = (System.nanoTime() - rawStart) / 1e9;
                double rawCpuSeconds = (processCpuNanos() - rawCpu) / 1e9;
                raw.add(records / rawSeconds);
                long rebuildCpu = processCpuNanos();
                BenchmarkReport.Rebuild rebuild = new RebuildMeasurement(targets).run(log::info);
                double rebuildCpuSeconds = (processCpuNanos() - rebuildCpu) / 1e9;
                // CPU seconds of the whole process (services, embedded servers, this tool): the work done, which
                // other sessions' load on the shared machine changes much less than the wall time.
                System.out.printf("round %d: process CPU: raw consume %.2f s, rebuild %.2f s%n", round, rawCpuSeconds,
                        rebuildCpuSeconds);
                if (rebuild.eventsPerSecond() == null) {
                    throw new IllegalStateException("rebuild " + round + ": " + rebuild.status());
                }
                rebuilt.add(rebuild.eventsPerSecond());
                rebuildSeconds.add(rebuild.seconds());
                System.out.printf("round %d: raw consume %d records in %.2f s = %.0f/s; rebuild %d events in %.2f s"
                                + " = %.0f/s; ratio %.1f %%%n", round, records, rawSeconds, records / rawSeconds,
                        rebuild.events(), rebuild.seconds(), rebuild.eventsPerSecond(),
                        100 * rebuild.eventsPerSecond() / (records / rawSeconds));
            }
            System.out.printf("medians over %d rounds, %d events: raw consume %.0f/s; rebuild %.0f/s (%.2f s);"
                            + " ratio %.1f %%%n", rounds, sent, median(raw), median(rebuilt), median(rebuildSeconds),
                    100 * median(rebuilt) / median(raw));
        } finally {
            if (targets != null) {
                targets.close();
            }
            if (stack != null) {
                stack.close();
            }
            deleteRecursively(dataDir);
        }
        System.exit(0);
    }

    /** Generated events, {@code interleave} patients at a time round-robin, each stream in order; key = patient. */
    private static long fill(Benchmark.Targets targets, int events, long seed, int interleave) throws Exception {
        DemoParameters parameters = DemoParameters.defaults(seed, Integer.MAX_VALUE);
        DemoGenerator generator = new DemoGenerator(parameters);
        SplittableRandom random = new SplittableRandom(seed * 31 + 17);
        Instant now = Instant.now();
        long span = Duration.ofDays(365).toSeconds();
        CloudEventsKafkaCodec codec = new CloudEventsKafkaCodec();
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, targets.kafkaBootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        long sent = 0;
        int patient = 0;
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(),
                new ByteArraySerializer())) {
            Deque<Future<RecordMetadata>> acks = new ArrayDeque<>();
            while (sent < events) {
                List<Deque<EventEnvelope>> window = new ArrayList<>();
                for (int i = 0; i < interleave; i++, patient++) {
                    Instant openedAt = now.minusSeconds(random.nextLong(span));
                    Deque<EventEnvelope> streams = new ArrayDeque<>();
                    for (List<EventEnvelope> course : ScriptEvents.of(generator.script(patient), parameters.now(),
                            parameters.today(), openedAt, random)) {
                        if (streams.isEmpty() && !course.isEmpty()
                                && course.get(0).event() instanceof TreatmentCourseOpened opened) {
                            streams.add(registration(opened, random));
                        }
                        streams.addAll(course);
                    }
                    window.add(streams);
                }
                boolean any = true;
                while (any && sent < events) {
                    any = false;
                    for (Deque<EventEnvelope> streams : window) {
                        EventEnvelope next = streams.poll();
                        if (next == null || sent >= events) {
                            continue;
                        }
                        any = true;
                        EncodedRecord record = codec.encode(next);
                        ProducerRecord<String, byte[]> producerRecord = new ProducerRecord<>(targets.topic, null,
                                record.key(), record.value());
                        record.headers().forEach((k, v) -> producerRecord.headers().add(new RecordHeader(k, v)));
                        acks.add(producer.send(producerRecord));
                        sent++;
                        while (acks.size() > 5000) {
                            acks.poll().get(60, TimeUnit.SECONDS);
                        }
                    }
                }
            }
            for (Future<RecordMetadata> ack : acks) {
                ack.get(60, TimeUnit.SECONDS);
            }
        }
        return sent;
    }

    /** The patient's registration as it reaches the topic: no personal data, an invented birth year. */
    private static EventEnvelope registration(TreatmentCourseOpened opened, SplittableRandom random) {
        Instant at = opened.occurredAt().minusSeconds(3600);
        PatientRegistered event = new PatientRegistered(opened.patientId(), opened.locationId(), null,
                1940 + random.nextInt(60), false, at);
        return new EventEnvelope(opened.patientId() + ":0", "/meridian/loadgen/rebuild-profile", at,
                AggregateType.PATIENT, opened.patientId(), 0, event);
    }

    /**
     * Waits until the services have created the topic and every partition has a leader: producing while the
     * broker creates it (auto-creation) can leave an idempotent producer retrying out-of-order batches.
     */
    private static void awaitTopic(Benchmark.Targets targets) throws Exception {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, targets.kafkaBootstrap);
        try (Admin admin = Admin.create(props)) {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            while (System.nanoTime() < deadline) {
                if (admin.listTopics().names().get(30, TimeUnit.SECONDS).contains(targets.topic)
                        && admin.describeTopics(List.of(targets.topic)).allTopicNames().get(30, TimeUnit.SECONDS)
                        .get(targets.topic).partitions().stream().allMatch(p -> p.leader() != null)) {
                    return;
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
            }
            throw new IllegalStateException("topic " + targets.topic + " not created within 2 minutes");
        }
    }

    private static void awaitLiveCaughtUp(Benchmark.Targets targets, String group) throws Exception {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, targets.kafkaBootstrap);
        try (Admin admin = Admin.create(props)) {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(30);
            while (System.nanoTime() < deadline) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                        .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
                Map<TopicPartition, OffsetSpec> request = new HashMap<>();
                admin.describeTopics(List.of(targets.topic)).allTopicNames().get(30, TimeUnit.SECONDS)
                        .get(targets.topic).partitions()
                        .forEach(p -> request.put(new TopicPartition(targets.topic, p.partition()), OffsetSpec.latest()));
                long lag = 0;
                for (var entry : admin.listOffsets(request).all().get(30, TimeUnit.SECONDS).entrySet()) {
                    OffsetAndMetadata at = committed.get(entry.getKey());
                    lag += entry.getValue().offset() - (at == null ? 0 : at.offset());
                }
                if (lag == 0) {
                    return;
                }
                log.info("Live projection lag: {} records", lag);
                LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(5));
            }
            throw new IllegalStateException("the live projection did not catch up within 30 minutes");
        }
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static String seconds(long startNanos) {
        return String.format("%.1f", (System.nanoTime() - startNanos) / 1e9);
    }

    private static void deleteRecursively(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            log.warn("Could not delete {}: {}", dir, e.toString());
        }
    }
}
