package dev.meridian.outcomes.reconciliation;

import dev.meridian.outcomes.projection.ProjectionMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The reconciliation job of ARCHITECTURE.md ("known trap"): an event the publisher skipped (committed later than the
 * event store's look-back window) that is the <em>last</em> of its stream opens no gap, so nothing else would ever
 * ask for it. Every {@code interval} this compares the event store with the projection and asks for the
 * republication of the streams that are behind and <b>stuck</b>: behind with nothing applied since the previous
 * check, while the live projection read nothing at all in between (so their events are not on their way: the
 * topic had nothing more), or for {@value #PATIENT_CHECKS} checks in a row whatever else happened (a busy system
 * that is never idle). A stream merely in flight, even behind a backlog of minutes, is left alone, so a busy
 * system is not flooded with republish requests; duplicates would be harmless, only wasted work.
 * {@code interval} {@code PT0S} switches the job off (then run {@code --reconcile --heal} from cron).
 */
@Component
@ConditionalOnProperty(name = "meridian.outcomes.consumer.enabled", havingValue = "true", matchIfMissing = true)
public class ScheduledReconciliation implements SmartLifecycle {

    public static final String STUCK_REQUESTED = "meridian.outcomes.reconciliation.stuck.requested";
    /** Checks in a row a stream may stay behind, unmoved, on a projection busy with others, before it is asked for. */
    static final int PATIENT_CHECKS = 10;

    private static final Logger log = LoggerFactory.getLogger(ScheduledReconciliation.class);

    private final ReconciliationService reconciliation;
    private final Duration interval;
    private final MeterRegistry registry;
    private final Counter requested;
    /** Aggregate id -> the sequence applied when last seen behind (-1: nothing) and at how many checks in a row. */
    private Map<String, Behind> behindBefore = Map.of();
    private double readBefore = -1;
    private ScheduledExecutorService scheduler;

    public ScheduledReconciliation(ReconciliationService reconciliation, MeterRegistry registry,
                                   @Value("${meridian.outcomes.reconciliation.interval}") Duration interval) {
        this.reconciliation = reconciliation;
        this.registry = registry;
        this.interval = interval;
        this.requested = Counter.builder(STUCK_REQUESTED)
                .description("Streams found behind the event store at two checks in a row, republication asked")
                .register(registry);
    }

    /** One check: asks for the streams that are stuck; remembers what is behind now. */
    synchronized void checkOnce() {
        double read = eventsReadByTheLiveProjection();
        boolean idle = read == readBefore;
        ReconciliationReport report = reconciliation.check();
        Map<String, Behind> behindNow = new HashMap<>();
        List<String> stuck = new ArrayList<>();
        for (StreamDrift drift : report.behind()) {
            long applied = Objects.requireNonNullElse(drift.appliedSequence(), -1L);
            Behind before = behindBefore.get(drift.aggregateId());
            int checks = before != null && before.applied() == applied ? before.checks() + 1 : 1;
            behindNow.put(drift.aggregateId(), new Behind(applied, checks));
            if (checks > 1 && (idle || checks >= PATIENT_CHECKS)) {
                stuck.add(drift.aggregateId());
            }
        }
        if (!stuck.isEmpty()) {
            Collections.sort(stuck);
            reconciliation.republish(stuck);
            requested.increment(stuck.size());
            log.warn("Reconciliation: {} stream(s) behind the event store and not moving; republication requested",
                    stuck.size());
            stuck.forEach(behindNow::remove);
        }
        behindBefore = behindNow;
        readBefore = read;
    }

    /** Every event the live projection has taken from the topic: applied, duplicate or parked. */
    private double eventsReadByTheLiveProjection() {
        double read = 0;
        for (String name : List.of(ProjectionMetrics.APPLIED, ProjectionMetrics.DUPLICATES, ProjectionMetrics.PARKED)) {
            for (Counter counter : registry.find(name).tag("projection", "live").counters()) {
                read += counter.count();
            }
        }
        return read;
    }

    private record Behind(long applied, int checks) {
    }

    @Override
    public synchronized void start() {
        if (interval.isZero() || interval.isNegative()) {
            return;
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "scheduled-reconciliation");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                checkOnce();
            } catch (RuntimeException e) {
                // practice-service unreachable, say: the next round tries again.
                log.warn("Scheduled reconciliation failed, retrying in {}: {}", interval, e.toString());
            }
        }, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return scheduler != null;
    }
}
