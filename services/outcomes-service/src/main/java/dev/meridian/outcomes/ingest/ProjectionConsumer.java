package dev.meridian.outcomes.ingest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One consumer thread feeding each poll's records to a {@link RecordHandler} as one batch, in partition order.
 *
 * <p>In a consumer group ({@code groupId} given) offsets are committed synchronously after every batch, i.e.
 * only after the read-model writes of its records: a crash re-delivers at most the last batch, which the
 * projection ignores as duplicates. Without a group (a rebuild) it assigns itself every partition from the
 * beginning and commits nothing.
 *
 * <p>When a batch fails transiently (database away), every partition of it is rewound to its first record and
 * the loop waits before polling again: nothing is skipped, and what the failed attempt wrote is found again as
 * duplicates.
 */
public final class ProjectionConsumer {

    private static final Logger log = LoggerFactory.getLogger(ProjectionConsumer.class);

    private final String name;
    private final Map<String, Object> properties;
    private final String topic;
    private final boolean group;
    private final RecordHandler handler;
    private final Runnable prepare;
    private final Duration pollTimeout;
    private final Duration retryBackoff;

    private final Map<TopicPartition, Long> positions = new ConcurrentHashMap<>();
    private final AtomicLong recordsProcessed = new AtomicLong();
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private volatile boolean running;
    private volatile boolean assigned;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private Thread thread;
    /** Told when the consumer (without a group) has read up to the ends it knows of (see {@link #onCaughtUp}). */
    private volatile Runnable caughtUpListener;
    /** Whether the listener was told since the last batch (an idle consumer tells it once, not every poll). */
    private boolean caughtUpTold;

    /**
     * @param prepare run on the consumer's thread before it subscribes (e.g. creating missing topics); a failure
     *                is logged and consumption goes ahead, since subscribing waits for the topic anyway
     */
    public ProjectionConsumer(String name, Map<String, Object> properties, String topic, RecordHandler handler,
                              Runnable prepare, Duration pollTimeout, Duration retryBackoff) {
        this.name = name;
        this.properties = properties;
        this.topic = topic;
        this.group = properties.containsKey("group.id");
        this.handler = handler;
        this.prepare = prepare;
        this.pollTimeout = pollTimeout;
        this.retryBackoff = retryBackoff;
    }

    public synchronized void start() {
        if (thread != null) {
            throw new IllegalStateException(name + " was started already");
        }
        running = true;
        consumer = new KafkaConsumer<>(properties);
        thread = new Thread(this::run, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Stops after the batch in hand, commits what was processed, and closes the consumer. */
    public void stop() {
        running = false;
        stopRequested.countDown();
        KafkaConsumer<String, byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        Thread t;
        synchronized (this) {
            t = thread;
        }
        if (t != null && t != Thread.currentThread()) {
            try {
                t.join(Duration.ofSeconds(30).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Without a group: {@code listener} runs on the consumer's thread after a poll that leaves every assigned
     * partition at the end offset known from the last fetch (the broker's high watermark, no extra round trip),
     * once per batch that got it there. A hint that the rebuild may have caught up, so that it checks at once
     * instead of at its next interval; what it then does is decided against the topic's offsets as before.
     */
    public void onCaughtUp(Runnable listener) {
        this.caughtUpListener = listener;
    }

    public boolean isRunning() {
        Thread t = thread;
        return t != null && t.isAlive();
    }

    /** Without a group: whether partitions have been assigned and their start positions are known. */
    public boolean isAssigned() {
        return assigned;
    }

    /** The next offset to read, per partition processed or assigned so far. */
    public Map<TopicPartition, Long> positions() {
        return Map.copyOf(positions);
    }

    public long recordsProcessed() {
        return recordsProcessed.get();
    }

    private void run() {
        try {
            try {
                prepare.run();
            } catch (RuntimeException e) {
                log.warn("Consumer {}: preparation failed ({}); consuming all the same", name, e.toString());
            }
            if (group) {
                consumer.subscribe(List.of(topic));
            } else {
                assignAllFromBeginning();
            }
            while (running) {
                ConsumerRecords<String, byte[]> records = consumer.poll(pollTimeout);
                if (!records.isEmpty()) {
                    processBatch(records);
                    caughtUpTold = false;
                }
                tellIfCaughtUp();
            }
        } catch (WakeupException e) {
            // stop() was called
        } catch (RuntimeException e) {
            log.error("Consumer {} stopped by an unexpected failure", name, e);
        } finally {
            closeQuietly();
        }
    }

    private void tellIfCaughtUp() {
        Runnable listener = caughtUpListener;
        if (listener == null || group || caughtUpTold || !assigned) {
            return;
        }
        for (TopicPartition partition : consumer.assignment()) {
            java.util.OptionalLong lag = consumer.currentLag(partition);
            if (lag.isEmpty() || lag.getAsLong() > 0) {
                return;
            }
        }
        caughtUpTold = true;
        try {
            listener.run();
        } catch (RuntimeException e) {
            log.warn("Consumer {}: caught-up listener failed: {}", name, e.toString());
        }
    }

    private void assignAllFromBeginning() {
        List<TopicPartition> partitions = new ArrayList<>();
        for (PartitionInfo info : consumer.partitionsFor(topic)) {
            partitions.add(new TopicPartition(topic, info.partition()));
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        for (TopicPartition partition : partitions) {
            positions.put(partition, consumer.position(partition));
        }
        assigned = true;
    }

    private void processBatch(ConsumerRecords<String, byte[]> records) {
        List<ConsumerRecord<String, byte[]>> all = new ArrayList<>(records.count());
        Map<TopicPartition, OffsetAndMetadata> processed = new HashMap<>();
        for (TopicPartition partition : records.partitions()) {
            List<ConsumerRecord<String, byte[]>> inPartition = records.records(partition);
            all.addAll(inPartition);
            processed.put(partition, new OffsetAndMetadata(inPartition.get(inPartition.size() - 1).offset() + 1));
        }
        try {
            handler.handleAll(all);
        } catch (TransientFailure e) {
            log.warn("Consumer {}: {} in a batch of {} record(s); retrying in {}", name, e.getMessage(), all.size(),
                    retryBackoff, e.getCause());
            rewind(records);
            awaitBackoff();
            return;
        }
        processed.forEach((partition, next) -> positions.put(partition, next.offset()));
        recordsProcessed.addAndGet(all.size());
        commit(processed);
    }

    /** Seeks every partition of the batch back to its first record: the whole batch is read again. */
    private void rewind(ConsumerRecords<String, byte[]> records) {
        for (TopicPartition partition : records.partitions()) {
            consumer.seek(partition, records.records(partition).get(0).offset());
        }
    }

    private void commit(Map<TopicPartition, OffsetAndMetadata> processed) {
        if (!group || processed.isEmpty()) {
            return;
        }
        try {
            consumer.commitSync(processed);
        } catch (WakeupException e) {
            // Stopping: commit once more (the wakeup is spent) before the loop ends.
            commitQuietly(processed);
            throw e;
        } catch (RuntimeException e) {
            // Lost the partitions (rebalance) or the broker: the records come again and are ignored as duplicates.
            log.warn("Consumer {}: commit failed ({}); records will be re-read", name, e.toString());
        }
    }

    private void commitQuietly(Map<TopicPartition, OffsetAndMetadata> processed) {
        try {
            consumer.commitSync(processed, Duration.ofSeconds(10));
        } catch (RuntimeException e) {
            log.warn("Consumer {}: final commit failed ({}); records will be re-read", name, e.toString());
        }
    }

    private void awaitBackoff() {
        try {
            stopRequested.await(retryBackoff.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    private void closeQuietly() {
        try {
            consumer.close(Duration.ofSeconds(10));
        } catch (RuntimeException e) {
            log.warn("Consumer {} did not close cleanly: {}", name, e.toString());
        }
    }
}
