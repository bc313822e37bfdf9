package dev.meridian.outcomes.rebuild;

import dev.meridian.events.envelope.CloudEventsKafkaCodec;
import dev.meridian.outcomes.ingest.KafkaClients;
import dev.meridian.outcomes.ingest.LiveProjection;
import dev.meridian.outcomes.ingest.ProjectionConsumer;
import dev.meridian.outcomes.ingest.RecordHandler;
import dev.meridian.outcomes.projection.EventApplier;
import dev.meridian.outcomes.projection.HeapPressure;
import dev.meridian.outcomes.projection.GapListener;
import dev.meridian.outcomes.projection.ProjectionMetrics;
import dev.meridian.outcomes.projection.ReadModelStore;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.data.mongodb.MongoDatabaseFactory;
import org.springframework.stereotype.Component;

/**
 * Rebuilds the read models from offset 0 of the topic into fresh collections ({@code <name>_rebuild}) while the
 * live projection goes on; once the rebuild has caught up with the topic's end, the live consumers are stopped
 * (committing), the rebuild reads the last records, its collections are renamed over the live ones, and the live
 * consumers start again from their committed offsets (re-reading a little, which the projection ignores as
 * duplicates). One rebuild at a time; a restart of the service abandons a running rebuild (start it again).
 */
@Component
@ConditionalOnProperty(name = "meridian.outcomes.consumer.enabled", havingValue = "true", matchIfMissing = true)
public class ProjectionRebuild implements DisposableBean {

    static final String SUFFIX = "_rebuild";
    private static final Logger log = LoggerFactory.getLogger(ProjectionRebuild.class);
    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);

    private final KafkaClients clients;
    private final LiveProjection live;
    private final ReadModelStore liveStore;
    private final MongoDatabaseFactory mongo;
    private final CloudEventsKafkaCodec codec;
    private final GapListener gaps;
    private final MeterRegistry registry;
    private final Clock clock;
    private final Duration pollTimeout;
    private final Duration retryBackoff;
    private final Duration checkInterval;

    private String state = "IDLE";
    /** Whether what the rebuild held when it first caught up has been written (then live pauses for the swap). */
    private volatile boolean heldWritten;
    private Instant startedAt;
    /** When the rebuild first caught up and began writing what it held, and when that write finished. */
    private Instant caughtUpAt;
    private Instant writtenAt;
    private Instant finishedAt;
    private String error;
    private long recordsToProcess;
    private Map<TopicPartition, Long> swapTarget;
    private EventApplier applier;
    private ProjectionConsumer consumer;
    private volatile ScheduledExecutorService monitor;
    /** Decodes half of each large poll while the consumer's thread decodes the other half (see RecordHandler). */
    private ExecutorService decoder;
    /** Whether a check asked for by {@link #checkSoon} is waiting for the monitor. */
    private final AtomicBoolean checkQueued = new AtomicBoolean();
    /** One admin client per rebuild for its offset checks (every check interval). */
    private Admin admin;
    /**
     * The topic's end offsets at the monitor's last check (at most a check interval old while it runs): progress
     * answers measure the lag against them instead of asking the broker per request (an operator or a dashboard
     * polling progress every 50 ms cost two admin round trips each, on the machine the rebuild runs on).
     */
    private Map<TopicPartition, Long> lastEnds = Map.of();
    private final int maxPollRecords;
    /** Courses a rebuild holds in memory before it writes what it holds (see EventApplier.rebuildInMemory). */
    private final int maxCoursesInMemory;
    /** Whether the heap is short: then what a rebuild holds is written early (see RebuildMemory). */
    private final HeapPressure heap;
    /**
     * Whether half of each large poll is decoded on a second thread. Off by default: on the shared 2-core machine
     * it did not make rebuilds faster (medians in docs/benchmarks/rebuild-2026-12-02.md).
     */
    private final boolean parallelDecoding;
    /** The rebuild consumer's fetch sizes, per partition and per fetch (see rebuildConsumerProperties). */
    private final int maxPartitionFetchBytes;
    private final int fetchMaxBytes;

    public ProjectionRebuild(KafkaClients clients, LiveProjection live,
                             @Qualifier("liveReadModels") ReadModelStore liveStore, MongoDatabaseFactory mongo,
                             CloudEventsKafkaCodec codec, GapListener gaps, MeterRegistry registry, Clock clock,
                             @Value("${meridian.outcomes.consumer.poll-timeout}") Duration pollTimeout,
                             @Value("${meridian.outcomes.consumer.retry-backoff}") Duration retryBackoff,
                             @Value("${meridian.outcomes.rebuild.check-interval:PT0.2S}") Duration checkInterval,
                             @Value("${meridian.outcomes.rebuild.max-poll-records:5000}") int maxPollRecords,
                             @Value("${meridian.outcomes.rebuild.max-courses-in-memory:0}")
                             int maxCoursesInMemory,
                             @Value("${meridian.outcomes.rebuild.heap-limit:0.7}") double heapLimit,
                             @Value("${meridian.outcomes.rebuild.parallel-decoding:false}") boolean parallelDecoding,
                             @Value("${meridian.outcomes.rebuild.max-partition-fetch-bytes:1048576}")
                             int maxPartitionFetchBytes,
                             @Value("${meridian.outcomes.rebuild.fetch-max-bytes:16777216}") int fetchMaxBytes) {
        this.clients = clients;
        this.live = live;
        this.liveStore = liveStore;
        this.mongo = mongo;
        this.codec = codec;
        this.gaps = gaps;
        this.registry = registry;
        this.clock = clock;
        this.pollTimeout = pollTimeout;
        this.retryBackoff = retryBackoff;
        this.checkInterval = checkInterval;
        this.maxPollRecords = maxPollRecords;
        this.maxCoursesInMemory = maxCoursesInMemory > 0 ? maxCoursesInMemory
                : coursesHeldInAQuarterOf(Runtime.getRuntime().maxMemory());
        this.heap = HeapPressure.oldGenerationAbove(heapLimit);
        this.parallelDecoding = parallelDecoding;
        this.maxPartitionFetchBytes = maxPartitionFetchBytes;
        this.fetchMaxBytes = fetchMaxBytes;
    }

    /**
     * Heap a held course takes with its share of patients and cells: 6.8 KB measured (9,573 courses of a generated
     * workload held by the in-memory rebuild writer, heap after a collection, 2026-12-02), rounded up.
     */
    static final long BYTES_PER_HELD_COURSE = 8 * 1024;

    /**
     * The default bound: the courses that fit in a quarter of the heap, and at least 1,000. The earlier fixed 200,000
     * would have wanted 1.4 GB, more than the local stack's whole heap.
     */
    static int coursesHeldInAQuarterOf(long maxHeapBytes) {
        return (int) Math.max(1_000, Math.min(Integer.MAX_VALUE, maxHeapBytes / 4 / BYTES_PER_HELD_COURSE));
    }

    /** Starts a rebuild, unless one is running (then its progress is returned unchanged). */
    public synchronized RebuildProgress start() {
        if (isActive()) {
            throw new RebuildAlreadyRunning();
        }
        Instant requested = clock.instant(); // preparing the fresh collections is part of the rebuild's time
        clients.ensureTopics(ADMIN_TIMEOUT);
        ReadModelStore store = new ReadModelStore(mongo.getMongoDatabase(), SUFFIX);
        store.drop();
        store.createIndexes();
        ProjectionMetrics metrics = new ProjectionMetrics(registry, "rebuild");
        // The only writer of fresh collections, abandoned if it fails: it projects in memory and writes in bulk.
        applier = EventApplier.rebuildInMemory(store, metrics, gaps, codec, clock, maxCoursesInMemory,
                heap);
        applier.refreshParkingLotState();
        shutDownDecoder();
        decoder = !parallelDecoding ? null : Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "outcomes-rebuild-decoder");
            t.setDaemon(true);
            return t;
        });
        RecordHandler handler = new RecordHandler(codec, applier, metrics, null, decoder);
        consumer = new ProjectionConsumer("outcomes-rebuild", rebuildConsumerProperties(),
                clients.topic(), handler, () -> { }, pollTimeout, retryBackoff);
        consumer.onCaughtUp(this::checkSoon);
        closeAdmin();
        admin = clients.admin();
        Map<TopicPartition, Long> beginning = offsets(OffsetSpec.earliest());
        Map<TopicPartition, Long> end = ends();
        recordsToProcess = end.entrySet().stream()
                .mapToLong(e -> e.getValue() - beginning.getOrDefault(e.getKey(), 0L)).sum();
        state = "RUNNING";
        startedAt = requested;
        caughtUpAt = null;
        writtenAt = null;
        finishedAt = null;
        error = null;
        swapTarget = null;
        heldWritten = false;
        checkQueued.set(false);
        monitor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "outcomes-rebuild-monitor");
            t.setDaemon(true);
            return t;
        });
        consumer.start();
        monitor.scheduleWithFixedDelay(this::advance, checkInterval.toMillis(), checkInterval.toMillis(),
                TimeUnit.MILLISECONDS);
        log.info("Projection rebuild started: {} records to read from offset 0", recordsToProcess);
        return progress();
    }

    public synchronized RebuildProgress progress() {
        if (startedAt == null) {
            return RebuildProgress.idle();
        }
        long processed = consumer == null ? 0 : consumer.recordsProcessed();
        // Before its partitions are assigned the rebuild has read nothing: all of the topic is still to read.
        long lag = !isActive() ? 0 : consumer.isAssigned() ? lag(lastEnds) : recordsToProcess - processed;
        double percent = recordsToProcess == 0 ? ("COMPLETED".equals(state) ? 100 : 0)
                : Math.min(100.0, 100.0 * processed / recordsToProcess);
        if ("COMPLETED".equals(state)) {
            percent = 100;
        }
        return new RebuildProgress(state, startedAt, caughtUpAt, writtenAt, finishedAt, recordsToProcess, processed,
                lag, percent, error);
    }

    /** The rebuild's projection while it runs (its parking lot needs healing too). */
    public synchronized Optional<EventApplier> currentApplier() {
        return isActive() ? Optional.ofNullable(applier) : Optional.empty();
    }

    private boolean isActive() {
        return "RUNNING".equals(state) || "SWAPPING".equals(state);
    }

    /**
     * Runs every check interval: caught up -> write what the rebuild holds in memory (live consumption goes on);
     * caught up again -> pause live; caught up with the pause -> write the little held since, swap.
     */
    private void advance() {
        if (heldToWrite()) {
            // Outside the lock: progress answers go on meanwhile (the state stays RUNNING); batches wait for it.
            long held = applier.coursesHeldInMemory();
            Instant caughtUp = clock.instant();
            synchronized (this) {
                caughtUpAt = caughtUp;
            }
            try {
                applier.flushHeld();
            } catch (RuntimeException e) {
                synchronized (this) {
                    if (isActive()) {
                        fail("writing the rebuilt read models failed: " + e);
                    }
                }
                return;
            }
            Instant written = clock.instant();
            synchronized (this) {
                writtenAt = written;
            }
            log.info("Projection rebuild caught up and wrote the {} course(s) it held in {} ms", held,
                    Duration.between(caughtUp, written).toMillis());
            heldWritten = true; // the next checks: caught up again with what came meanwhile, then the swap
            checkSoon();
            return;
        }
        advanceLocked();
    }

    /**
     * Checks on the monitor's thread at once rather than at the next interval: when the consumer has read to the
     * ends it knows of, and once the held read models are written. The periodic check stays (a fallback); each
     * check decides by the topic's offsets as before. At most one such check waits at a time.
     */
    private void checkSoon() {
        ScheduledExecutorService m = monitor;
        if (m == null || !checkQueued.compareAndSet(false, true)) {
            return;
        }
        try {
            m.execute(() -> {
                checkQueued.set(false);
                advance();
            });
        } catch (RejectedExecutionException e) {
            checkQueued.set(false); // the rebuild has finished or failed: nothing to check
        }
    }

    /** Whether the rebuild has caught up for the first time and still holds everything it projected. */
    private synchronized boolean heldToWrite() {
        try {
            return !heldWritten && "RUNNING".equals(state) && consumer.isRunning() && consumer.isAssigned()
                    && lag(ends()) == 0;
        } catch (RuntimeException e) {
            fail(e.toString());
            return false;
        }
    }

    private synchronized void advanceLocked() {
        try {
            if (!isActive()) {
                return;
            }
            Optional<String> writeFailure = applier.heldWriteFailure();
            if (writeFailure.isPresent()) {
                fail("writing the rebuilt read models failed: " + writeFailure.get());
                return;
            }
            if (!consumer.isRunning()) {
                fail("the rebuild consumer stopped");
                return;
            }
            if (!consumer.isAssigned()) {
                return;
            }
            if ("RUNNING".equals(state) && heldWritten && lag(ends()) == 0) {
                state = "SWAPPING";
                live.stop(); // commits what it processed; records after that are read again later
                swapTarget = ends();
                log.info("Projection rebuild caught up; live consumption paused for the swap");
            }
            if ("SWAPPING".equals(state) && lag(swapTarget) == 0) {
                consumer.stop();
                if (consumer.isRunning()) {
                    throw new IllegalStateException("the rebuild consumer did not stop");
                }
                // What the rebuild holds in memory is written before its collections go live; if that fails, the
                // rebuild fails and the live read models stay as they are.
                long held = applier.coursesHeldInMemory();
                long flushStart = System.nanoTime();
                applier.flushHeld();
                log.info("Projection rebuild wrote the {} course(s) held since in {} ms", held,
                        (System.nanoTime() - flushStart) / 1_000_000);
                applier.store().replace(liveStore);
                live.start();
                state = "COMPLETED";
                finishedAt = clock.instant();
                monitor.shutdown();
                closeAdmin();
                shutDownDecoder();
                log.info("Projection rebuild completed: {} records read; rebuilt collections are live ({} early"
                        + " write(s) of what it held, the heap being short)", consumer.recordsProcessed(),
                        applier.earlyFlushes());
            }
        } catch (RuntimeException e) {
            fail(e.toString());
        }
    }

    private void fail(String reason) {
        state = "FAILED";
        error = reason;
        finishedAt = clock.instant();
        if (consumer != null) {
            consumer.stop();
        }
        if (!live.isRunning()) {
            live.start();
        }
        if (monitor != null) {
            monitor.shutdown();
        }
        closeAdmin();
        shutDownDecoder();
        log.error("Projection rebuild failed: {}; the live read models are unchanged", reason);
    }

    private long lag(Map<TopicPartition, Long> target) {
        Map<TopicPartition, Long> positions = consumer.positions();
        long lag = 0;
        for (Map.Entry<TopicPartition, Long> entry : target.entrySet()) {
            long position = positions.getOrDefault(entry.getKey(), 0L);
            lag += Math.max(0, entry.getValue() - position);
        }
        return lag;
    }

    /**
     * The live consumer's settings with larger polls: the batch path's cost is mostly per batch (a handful of round
     * trips, one write per course and per cell touched), and a rebuild reading from offset 0 always has records
     * waiting, so more records per poll means fewer writes per record (a course's or a cell's several changes in a
     * batch are written once).
     */
    private Map<String, Object> rebuildConsumerProperties() {
        Map<String, Object> props = clients.consumerProperties(null, "outcomes-rebuild");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxPollRecords);
        // Fetches of 1 MiB per partition, 16 MiB in all (12 partitions: two polls of about 1 KB per record). The
        // earlier 4 MiB and 64 MiB could keep 48 MiB of responses alive across several young collections, to be
        // promoted into an old generation the held read models already fill.
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, maxPartitionFetchBytes);
        props.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, fetchMaxBytes);
        // Stopping the consumer for the swap waits for its fetch in flight, which the broker holds up to this long
        // when the rebuild has caught up (the default 500 ms was most of the swap's pause, logged); while it reads
        // the topic there is always data, so fetches return at once anyway.
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50);
        return props;
    }

    /** The topic's end offsets now, kept for progress answers (see {@link #lastEnds}). */
    private Map<TopicPartition, Long> ends() {
        Map<TopicPartition, Long> ends = offsets(OffsetSpec.latest());
        lastEnds = ends;
        return ends;
    }

    /** Topic offsets through the rebuild's one admin client (created per rebuild, not per check). */
    private Map<TopicPartition, Long> offsets(OffsetSpec spec) {
        if (admin == null) {
            admin = clients.admin();
        }
        try {
            Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            admin.describeTopics(java.util.List.of(clients.topic())).allTopicNames()
                    .get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    .get(clients.topic()).partitions()
                    .forEach(p -> request.put(new TopicPartition(clients.topic(), p.partition()), spec));
            Map<TopicPartition, Long> result = new HashMap<>();
            admin.listOffsets(request).all().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    .forEach((tp, info) -> result.put(tp, info.offset()));
            return result;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading offsets", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not read the topic's offsets: " + e, e);
        }
    }

    private void shutDownDecoder() {
        if (decoder != null) {
            decoder.shutdown(); // a batch still decoding finishes; later ones decode on the consumer's thread
            decoder = null;
        }
    }

    private void closeAdmin() {
        if (admin != null) {
            try {
                admin.close(Duration.ofSeconds(5));
            } catch (RuntimeException e) {
                log.debug("Admin client did not close cleanly: {}", e.toString());
            }
            admin = null;
        }
    }

    @Override
    public synchronized void destroy() {
        if (monitor != null) {
            monitor.shutdownNow();
        }
        closeAdmin();
        if (consumer != null && isActive()) {
            consumer.stop();
            state = "FAILED";
            error = "the service stopped during the rebuild";
        }
        shutDownDecoder();
    }
}
