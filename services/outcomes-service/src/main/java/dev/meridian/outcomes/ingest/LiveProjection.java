package dev.meridian.outcomes.ingest;

import dev.meridian.events.envelope.CloudEventsKafkaCodec;
import dev.meridian.outcomes.projection.EventApplier;
import dev.meridian.outcomes.projection.ProjectionMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The live projection: {@code concurrency} consumers in the group {@code meridian.outcomes.consumer.group}
 * feeding the live read models. Started with the application context and stopped with it (cleanly: the record in
 * hand is finished and committed), and stopped and started around a rebuild's swap.
 */
@Component
@ConditionalOnProperty(name = "meridian.outcomes.consumer.enabled", havingValue = "true", matchIfMissing = true)
public class LiveProjection implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(LiveProjection.class);

    private final KafkaClients clients;
    private final EventApplier applier;
    private final CloudEventsKafkaCodec codec;
    private final DeadLetters deadLetters;
    private final ProjectionMetrics metrics;
    private final String groupId;
    private final int concurrency;
    private final Duration pollTimeout;
    private final Duration retryBackoff;
    private final List<ProjectionConsumer> consumers = new ArrayList<>();
    private int generation;

    public LiveProjection(KafkaClients clients, @Qualifier("liveApplier") EventApplier applier,
                          CloudEventsKafkaCodec codec, DeadLetters deadLetters, MeterRegistry registry,
                          @Value("${meridian.outcomes.consumer.group}") String groupId,
                          @Value("${meridian.outcomes.consumer.concurrency}") int concurrency,
                          @Value("${meridian.outcomes.consumer.poll-timeout}") Duration pollTimeout,
                          @Value("${meridian.outcomes.consumer.retry-backoff}") Duration retryBackoff) {
        this.clients = clients;
        this.applier = applier;
        this.codec = codec;
        this.deadLetters = deadLetters;
        this.metrics = new ProjectionMetrics(registry, "live");
        this.groupId = groupId;
        this.concurrency = concurrency;
        this.pollTimeout = pollTimeout;
        this.retryBackoff = retryBackoff;
    }

    public String groupId() {
        return groupId;
    }

    @Override
    public synchronized void start() {
        if (!consumers.isEmpty()) {
            return;
        }
        applier.store().createIndexes();
        int listed = applier.store().buildCellCoursesIfMissing();
        if (listed > 0) {
            log.info("Course lists built for {} dashboard cells from the stored courses", listed);
        }
        // The collections may have been replaced while stopped (a rebuild's swap): start from what they hold.
        applier.forgetRememberedState();
        applier.refreshParkingLotState();
        generation++;
        RecordHandler handler = new RecordHandler(codec, applier, metrics, deadLetters);
        for (int i = 0; i < concurrency; i++) {
            String name = "outcomes-consumer-" + generation + "-" + i;
            // On the consumer's thread, so that a Kafka away at start delays consumption, not the service.
            Runnable prepare = i == 0 ? () -> clients.ensureTopics(Duration.ofSeconds(10)) : () -> { };
            ProjectionConsumer consumer = new ProjectionConsumer(name, clients.consumerProperties(groupId, name),
                    clients.topic(), handler, prepare, pollTimeout, retryBackoff);
            consumer.start();
            consumers.add(consumer);
        }
        log.info("Live projection consuming {} in group {} ({} consumer(s))", clients.topic(), groupId, concurrency);
    }

    @Override
    public synchronized void stop() {
        consumers.forEach(ProjectionConsumer::stop);
        consumers.clear();
    }

    @Override
    public synchronized boolean isRunning() {
        return !consumers.isEmpty();
    }

    /** Whether every consumer thread that was started is still consuming (false once one died). */
    public synchronized boolean consumersAlive() {
        return consumers.stream().allMatch(ProjectionConsumer::isRunning);
    }

    /** Records processed by the running consumers since they started. */
    public synchronized long recordsProcessed() {
        return consumers.stream().mapToLong(ProjectionConsumer::recordsProcessed).sum();
    }
}
