package dev.meridian.outcomes.gaps;

import dev.meridian.events.AggregateType;
import dev.meridian.outcomes.practice.PracticeServiceClient;
import dev.meridian.outcomes.projection.GapListener;
import dev.meridian.outcomes.projection.ParkedEvent;
import dev.meridian.outcomes.projection.EventApplier;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Heals gaps: asks practice-service to republish every aggregate that has events parked behind a missing one.
 *
 * <ul>
 *   <li>A gap is first given {@code republish-after} to close by itself (the event store can publish an event
 *       late; it then arrives on its own), then the aggregate is requested, batched with others.</li>
 *   <li>A sweep of the parking lot every {@code sweep-interval} requests again what is still waiting after
 *       {@code retry-after} (practice-service down, a request lost), so a gap is never forgotten, across
 *       restarts too.</li>
 * </ul>
 * The republished events arrive on the topic like any other: the missing one applies, then the parked ones.
 */
@Component
public class GapHealer implements GapListener, SmartLifecycle {

    public static final String REPUBLISH_REQUESTED = "meridian.outcomes.republish.requested";
    public static final String REPUBLISH_FAILED = "meridian.outcomes.republish.failed";
    public static final String WAITING = "meridian.outcomes.events.waiting";

    private static final Logger log = LoggerFactory.getLogger(GapHealer.class);

    private final PracticeServiceClient practice;
    private final Supplier<List<EventApplier>> projections;
    private final Clock clock;
    private final Duration republishAfter;
    private final Duration retryAfter;
    private final Duration checkInterval;
    private final Duration sweepInterval;
    private final Counter requested;
    private final Counter failed;
    private final AtomicLong waiting = new AtomicLong();

    /** Aggregate id -> when to ask for it. */
    private final Map<String, Instant> due = new ConcurrentHashMap<>();
    /** Aggregate id -> when it was last asked for. */
    private final Map<String, Instant> lastRequested = new ConcurrentHashMap<>();
    private ScheduledExecutorService scheduler;
    private volatile boolean running;

    public GapHealer(PracticeServiceClient practice, @Qualifier("projections") Supplier<List<EventApplier>> projections,
                     Clock clock, MeterRegistry registry,
                     @Value("${meridian.outcomes.gaps.republish-after}") Duration republishAfter,
                     @Value("${meridian.outcomes.gaps.retry-after}") Duration retryAfter,
                     @Value("${meridian.outcomes.gaps.check-interval}") Duration checkInterval,
                     @Value("${meridian.outcomes.gaps.sweep-interval}") Duration sweepInterval) {
        this.practice = practice;
        this.projections = projections;
        this.clock = clock;
        this.republishAfter = republishAfter;
        this.retryAfter = retryAfter;
        this.checkInterval = checkInterval;
        this.sweepInterval = sweepInterval;
        this.requested = Counter.builder(REPUBLISH_REQUESTED)
                .description("aggregates whose republication was requested to heal a gap").register(registry);
        this.failed = Counter.builder(REPUBLISH_FAILED)
                .description("republish requests practice-service did not accept").register(registry);
        Gauge.builder(WAITING, waiting, AtomicLong::get)
                .description("events parked behind a gap at the last sweep").register(registry);
    }

    @Override
    public void gapDetected(AggregateType aggregateType, String aggregateId, long expectedSequence,
                            long receivedSequence) {
        Instant recent = lastRequested.get(aggregateId);
        Instant now = clock.instant();
        if (recent != null && recent.plus(retryAfter).isAfter(now)) {
            return; // asked for it lately; its events are probably on their way
        }
        due.putIfAbsent(aggregateId, now.plus(republishAfter));
    }

    /** Asks now for every aggregate that is due. Runs on the scheduler; callable directly (reconciliation). */
    public synchronized void requestDue() {
        Instant now = clock.instant();
        List<String> ids = new ArrayList<>();
        due.forEach((id, at) -> {
            if (!at.isAfter(now)) {
                ids.add(id);
            }
        });
        if (ids.isEmpty()) {
            return;
        }
        try {
            practice.republish(ids);
            ids.forEach(id -> {
                due.remove(id);
                lastRequested.put(id, now);
            });
            requested.increment(ids.size());
            log.info("Requested republication of {} aggregate(s) to heal gaps", ids.size());
        } catch (RuntimeException e) {
            failed.increment();
            Instant later = now.plus(retryAfter);
            ids.forEach(id -> due.put(id, later));
            log.warn("practice-service did not accept a republish request for {} aggregate(s) ({}); retry at {}",
                    ids.size(), e.toString(), later);
        }
    }

    /** Re-requests what is still parked after {@code retry-after}; drops what is no longer needed. */
    public void sweep() {
        Instant now = clock.instant();
        long count = 0;
        for (EventApplier projection : projections.get()) {
            projection.refreshParkingLotState();
            for (ParkedEvent parked : projection.store().allParked()) {
                if (projection.discardIfStale(parked)) {
                    continue;
                }
                count++;
                Instant asked = lastRequested.get(parked.aggregateId());
                boolean waitedLongEnough = parked.parkedAt().plus(republishAfter).isBefore(now);
                boolean notAskedLately = asked == null || asked.plus(retryAfter).isBefore(now);
                if (waitedLongEnough && notAskedLately) {
                    due.putIfAbsent(parked.aggregateId(), now);
                }
            }
        }
        waiting.set(count);
        lastRequested.entrySet().removeIf(e -> e.getValue().plus(retryAfter.multipliedBy(10)).isBefore(now));
    }

    @Override
    public synchronized void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "outcomes-gap-healer");
            t.setDaemon(true);
            return t;
        });
        scheduler.scheduleWithFixedDelay(() -> guarded(this::requestDue), checkInterval.toMillis(),
                checkInterval.toMillis(), TimeUnit.MILLISECONDS);
        scheduler.scheduleWithFixedDelay(() -> guarded(this::sweep), sweepInterval.toMillis(),
                sweepInterval.toMillis(), TimeUnit.MILLISECONDS);
        running = true;
    }

    @Override
    public synchronized void stop() {
        running = false;
        if (scheduler != null) {
            scheduler.shutdownNow();
            try {
                scheduler.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            scheduler = null;
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Before the consumers start, after they stop. */
    @Override
    public int getPhase() {
        return 0;
    }

    private static void guarded(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            log.warn("Gap healer task failed: {}", e.toString());
        }
    }
}
