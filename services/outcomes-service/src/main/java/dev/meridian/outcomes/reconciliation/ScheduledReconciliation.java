package dev.meridian.outcomes.reconciliation;

import dev.meridian.events.AggregateType;
import dev.meridian.outcomes.practice.StreamPosition;
import dev.meridian.outcomes.projection.ProjectionMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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
 *
 * <p>Most checks are <b>incremental</b>: only the streams that got events since the previous check began (less
 * {@code overlap}, for clocks that differ between nodes and commits that come late), plus those found behind
 * before, each looked up by its document. A <b>full</b> check, every stream of the store against every document,
 * runs first and then once per {@code full-interval}: it finds what committed later than the overlap. Its cost grows
 * with the store (on the embedded server a pass over every event per page of streams); an incremental one's with
 * the traffic.
 * {@code full-interval} {@code PT0S} makes every check a full one. {@code interval} {@code PT0S} switches the job
 * off (then run {@code --reconcile --heal} from cron).
 */
@Component
@ConditionalOnProperty(name = "meridian.outcomes.consumer.enabled", havingValue = "true", matchIfMissing = true)
public class ScheduledReconciliation implements SmartLifecycle {

    public static final String STUCK_REQUESTED = "meridian.outcomes.reconciliation.stuck.requested";
    /** Checks in a row a stream may stay behind, unmoved, on a projection busy with others, before it is asked for. */
    static final int PATIENT_CHECKS = 10;

    private static final Logger log = LoggerFactory.getLogger(ScheduledReconciliation.class);

    public static final String CHECKS = "meridian.outcomes.reconciliation.checks";

    private final ReconciliationService reconciliation;
    private final Duration interval;
    private final Duration fullInterval;
    private final Duration overlap;
    private final Clock clock;
    private final MeterRegistry registry;
    private final Counter requested;
    private final Counter fullChecks;
    private final Counter incrementalChecks;
    /** Aggregate id -> how it was behind when last seen, and at how many checks in a row. */
    private Map<String, Behind> behindBefore = Map.of();
    private double readBefore = -1;
    /** When the previous check began, and the last full one (null: none yet). */
    private Instant previousCheck;
    private Instant previousFullCheck;
    private ScheduledExecutorService scheduler;

    public ScheduledReconciliation(ReconciliationService reconciliation, MeterRegistry registry, Clock clock,
                                   @Value("${meridian.outcomes.reconciliation.interval}") Duration interval,
                                   @Value("${meridian.outcomes.reconciliation.full-interval:PT1H}")
                                   Duration fullInterval,
                                   @Value("${meridian.outcomes.reconciliation.overlap:PT1M}") Duration overlap) {
        this.reconciliation = reconciliation;
        this.registry = registry;
        this.clock = clock;
        this.interval = interval;
        this.fullInterval = fullInterval;
        this.overlap = overlap;
        this.requested = Counter.builder(STUCK_REQUESTED)
                .description("Streams found behind the event store at two checks in a row, republication asked")
                .register(registry);
        this.fullChecks = Counter.builder(CHECKS).tag("kind", "full")
                .description("Reconciliation checks run, by kind").register(registry);
        this.incrementalChecks = Counter.builder(CHECKS).tag("kind", "incremental")
                .description("Reconciliation checks run, by kind").register(registry);
    }

    /** One check: asks for the streams that are stuck; remembers what is behind now. */
    synchronized void checkOnce() {
        Instant started = clock.instant();
        double read = eventsReadByTheLiveProjection();
        boolean idle = read == readBefore;
        Map<String, Behind> behindNow = new HashMap<>();
        for (Behind now : isFullCheckDue(started) ? fullCheck(started) : incrementalCheck()) {
            Behind before = behindBefore.get(now.drift().aggregateId());
            behindNow.put(now.drift().aggregateId(),
                    before != null && before.applied() == now.applied() ? now.seenAgain(before.checks()) : now);
        }
        List<String> stuck = new ArrayList<>();
        behindNow.forEach((id, behind) -> {
            if (behind.checks() > 1 && (idle || behind.checks() >= PATIENT_CHECKS)) {
                stuck.add(id);
            }
        });
        if (!stuck.isEmpty()) {
            Collections.sort(stuck);
            reconciliation.republish(stuck);
            requested.increment(stuck.size());
            log.warn("Reconciliation: {} stream(s) behind the event store and not moving; republication requested",
                    stuck.size());
            // Counted afresh: asked for again only if still behind at two more checks. Asking stores nothing new,
            // so no change list will show the stream again: it stays carried, unless it is a session of unknown
            // course, which cannot be looked up and is left to the next full check.
            stuck.forEach(id -> behindNow.computeIfPresent(id, (key, behind) -> behind.courseId() == null
                    && behind.drift().aggregateType() == AggregateType.SESSION ? null : behind.counted(0)));
        }
        behindBefore = behindNow;
        readBefore = read;
        previousCheck = started;
    }

    private boolean isFullCheckDue(Instant now) {
        return previousCheck == null || previousFullCheck == null
                || !now.isBefore(previousFullCheck.plus(fullInterval));
    }

    private List<Behind> fullCheck(Instant started) {
        ReconciliationService.FullCheck check = reconciliation.checkAll();
        fullChecks.increment();
        previousFullCheck = started;
        return check.report().behind().stream()
                .map(drift -> new Behind(drift, check.courseOfSession().get(drift.aggregateId()), 1)).toList();
    }

    /**
     * The streams changed since the previous check began (less the overlap), and those behind before: a stream
     * behind before and unchanged since still ends where it ended then, so it is looked up again with that
     * position. A session behind whose course is unknown (nothing of it applied when the full check found it)
     * cannot be looked up: it stays as it was until its events arrive with its course or it is asked for.
     */
    private List<Behind> incrementalCheck() {
        Map<String, StreamPosition> candidates = new HashMap<>();
        for (StreamPosition changed : reconciliation.changedSince(previousCheck.minus(overlap))) {
            candidates.put(changed.aggregateId(), changed);
        }
        List<Behind> behind = new ArrayList<>();
        behindBefore.forEach((id, before) -> {
            if (candidates.containsKey(id)) {
                return; // changed since: looked up where it ends now
            }
            if (before.courseId() == null && before.drift().aggregateType() == AggregateType.SESSION) {
                behind.add(new Behind(before.drift(), null, 1));
            } else {
                candidates.put(id, new StreamPosition(before.drift().aggregateType(), id,
                        before.drift().lastSequence(), before.courseId()));
            }
        });
        incrementalChecks.increment();
        for (StreamDrift drift : reconciliation.behindAmong(candidates.values())) {
            behind.add(new Behind(drift, candidates.get(drift.aggregateId()).courseId(), 1));
        }
        return behind;
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

    /** A stream behind: how, the course whose document holds it (sessions, when known), checks in a row. */
    private record Behind(StreamDrift drift, String courseId, int checks) {

        long applied() {
            return Objects.requireNonNullElse(drift.appliedSequence(), -1L);
        }

        Behind seenAgain(int checksBefore) {
            return counted(checksBefore + 1);
        }

        Behind counted(int checksInARow) {
            return new Behind(drift, courseId, checksInARow);
        }
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
