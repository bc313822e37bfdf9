package dev.meridian.outcomes.reconciliation;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
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
 * republication of the streams that are behind <b>and made no progress since the previous check</b>: a stream
 * merely in flight moves on by itself and is left alone, so a busy system is not flooded with republish requests.
 * {@code interval} {@code PT0S} switches the job off (then run {@code --reconcile --heal} from cron).
 */
@Component
@ConditionalOnProperty(name = "meridian.outcomes.consumer.enabled", havingValue = "true", matchIfMissing = true)
public class ScheduledReconciliation implements SmartLifecycle {

    public static final String STUCK_REQUESTED = "meridian.outcomes.reconciliation.stuck.requested";

    private static final Logger log = LoggerFactory.getLogger(ScheduledReconciliation.class);

    private final ReconciliationService reconciliation;
    private final Duration interval;
    private final Counter requested;
    /** Aggregate id -> the sequence applied when it was last seen behind (-1: nothing applied). */
    private Map<String, Long> behindBefore = Map.of();
    private ScheduledExecutorService scheduler;

    public ScheduledReconciliation(ReconciliationService reconciliation, MeterRegistry registry,
                                   @Value("${meridian.outcomes.reconciliation.interval}") Duration interval) {
        this.reconciliation = reconciliation;
        this.interval = interval;
        this.requested = Counter.builder(STUCK_REQUESTED)
                .description("Streams found behind the event store at two checks in a row, republication asked")
                .register(registry);
    }

    /** One check: asks for what was behind last time and has not moved; remembers what is behind now. */
    synchronized void checkOnce() {
        ReconciliationReport report = reconciliation.check();
        Map<String, Long> behindNow = new HashMap<>();
        report.behind().forEach(drift -> behindNow.put(drift.aggregateId(),
                Objects.requireNonNullElse(drift.appliedSequence(), -1L)));
        List<String> stuck = behindNow.entrySet().stream()
                .filter(entry -> entry.getValue().equals(behindBefore.get(entry.getKey())))
                .map(Map.Entry::getKey).sorted().toList();
        if (!stuck.isEmpty()) {
            reconciliation.republish(stuck);
            requested.increment(stuck.size());
            log.warn("Reconciliation: {} stream(s) behind the event store with no progress for {}; republication"
                    + " requested", stuck.size(), interval);
        }
        behindBefore = behindNow;
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
