package dev.meridian.practice.infrastructure;

import dev.meridian.practice.publishing.ChangedStreams;
import dev.meridian.practice.publishing.ChangedStreams.ChangedStream;
import dev.meridian.practice.publishing.EventStreams;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.extensions.mongo.eventsourcing.eventstore.MongoTrackingToken;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

/**
 * The reconciliation job of ARCHITECTURE.md ("known trap") for the practice views. The views' processor tracks the
 * Mongo event store by timestamp and can skip an event committed later than the look-back window; the projector
 * heals such a gap when the stream's next event arrives, but a skipped <em>last</em> event has no successor to
 * reveal it. Every {@code interval} this compares, per stream, the last sequence in the event store with the last
 * one applied to the stream's own document. A stream found behind is caught up from the event store, in this job's
 * thread ({@link PracticeViewsProjector#catchUp}), at a later check that still finds those events missing once the
 * processor cannot be on its way to them any more:
 * <ul>
 *   <li>its position (the oldest of its segments' tokens) is past the instant the stream was found behind, plus the
 *       event store's look-back window: it has read everything stored before then and passed the events over; or
 *   <li>its tokens did not move between the two checks: it had nothing left to read (or is stopped).
 * </ul>
 * A processor still working through a backlog older than the finding is left alone. Where this node cannot see every
 * segment's token (the segments are claimed by other nodes), a stream is caught up once it has stayed behind,
 * unmoved, at {@value #CHECKS_WITHOUT_POSITION} checks in a row.
 *
 * <p>Writes are conditional on the document's version ({@link ViewDocument}), so the processor and this job never
 * overwrite each other's newer write, and the applied sequences make an event applied by both count once.
 *
 * <p>As outcomes-service's job does (decision 0015), most checks are <b>incremental</b>: the streams with events
 * stored since the previous check began, less {@code overlap}, plus those found behind before. A <b>full</b> check
 * (every stream of the store) runs first and then once per {@code full-interval}: it alone finds an event committed
 * more than {@code overlap} after its timestamp. While the processor replays (a reset), no check runs.
 * {@link ScheduledViewsReconciliation} runs it. Decision 0018 has the reasons.
 */
@Component
public class PracticeViewsReconciliation {

    public static final String HEALED = "meridian.views.reconciliation.healed";
    public static final String CHECKS = "meridian.views.reconciliation.checks";

    /**
     * Streams per page of a full check, and per look-up of their documents; events per page of an incremental check
     * (a page's events are held whole by the embedded server until they are read: decision 0022).
     */
    private static final int PAGE = 10_000;
    /** Checks in a row a stream stays behind, unmoved, before it is caught up when the processor's position is unknown. */
    public static final int CHECKS_WITHOUT_POSITION = 10;

    private static final Logger log = LoggerFactory.getLogger(PracticeViewsReconciliation.class);

    private final EventStreams eventStreams;
    private final ChangedStreams changedStreams;
    private final Map<String, ViewUpdater> ownerByStreamType = new HashMap<>();
    private final ViewDocuments documents;
    private final PracticeViewsProjector projector;
    private final ObjectProvider<EventProcessingConfiguration> processing;
    private final TokenStore tokenStore;
    private final Duration lookBack;
    private final Clock clock;
    private final Duration fullInterval;
    private final Duration overlap;
    private final Counter healed;
    private final Counter fullChecks;
    private final Counter incrementalChecks;

    /** Aggregate id -> how its stream was behind at the previous check. */
    private Map<String, Behind> behindBefore = Map.of();
    /** The processor's tokens at the previous check (null: not known). */
    private Map<Integer, TrackingToken> tokensBefore;
    private Instant previousCheck;
    private Instant previousFullCheck;

    public PracticeViewsReconciliation(EventStreams eventStreams, ChangedStreams changedStreams,
                                       List<ViewUpdater> updaters, ViewDocuments documents,
                                       PracticeViewsProjector projector,
                                       ObjectProvider<EventProcessingConfiguration> processing,
                                       TokenStore tokenStore, Clock clock, MeterRegistry registry,
                                       @Value("${meridian.event-store.look-back}") Duration lookBack,
                                       @Value("${meridian.views.reconciliation.full-interval}")
                                       Duration fullInterval,
                                       @Value("${meridian.views.reconciliation.overlap}") Duration overlap) {
        this.eventStreams = eventStreams;
        this.changedStreams = changedStreams;
        updaters.forEach(updater -> ownerByStreamType.put(updater.ownStreamType(), updater));
        this.documents = documents;
        this.projector = projector;
        this.processing = processing;
        this.tokenStore = tokenStore;
        this.lookBack = lookBack;
        this.clock = clock;
        this.fullInterval = fullInterval;
        this.overlap = overlap;
        this.healed = Counter.builder(HEALED)
                .description("Streams of the practice views that the views' processor passed over, caught up from "
                        + "the event store").register(registry);
        this.fullChecks = Counter.builder(CHECKS).tag("kind", "full")
                .description("Reconciliation checks of the practice views, by kind").register(registry);
        this.incrementalChecks = Counter.builder(CHECKS).tag("kind", "incremental")
                .description("Reconciliation checks of the practice views, by kind").register(registry);
    }

    /** What one check found: the streams behind the event store, and those of them it caught up. */
    public record Check(boolean full, List<String> behind, List<String> caughtUp) {
    }

    /** One check: catches up the streams the processor passed over; remembers the others that are behind. */
    public synchronized Check checkOnce() {
        ProcessorPosition processor = processorPosition();
        if (processor.replaying()) {
            return new Check(false, List.of(), List.of());
        }
        Instant started = clock.instant();
        boolean full = previousCheck == null || previousFullCheck == null
                || !started.isBefore(previousFullCheck.plus(fullInterval));
        boolean processorIdle = processor.tokens() != null && processor.tokens().equals(tokensBefore);
        Map<String, Behind> behindNow = new HashMap<>();
        List<Behind> passedOver = new ArrayList<>();
        for (Behind now : full ? fullCheck() : incrementalCheck()) {
            Behind before = behindBefore.get(now.aggregateId());
            if (before == null || now.applied() >= before.missingUpTo()) {
                behindNow.put(now.aggregateId(), now); // found now, or what was missing then arrived since
                continue;
            }
            Behind still = before.seenAgain(now);
            boolean passed = processor.position() != null
                    ? processorIdle || processor.position().isAfter(before.foundAt().plus(lookBack))
                    : still.unmovedChecks() >= CHECKS_WITHOUT_POSITION;
            if (passed) {
                passedOver.add(still);
            }
            behindNow.put(now.aggregateId(), still);
        }
        if (full) {
            previousFullCheck = started;
        }
        List<String> caughtUp = new ArrayList<>();
        for (Behind stream : passedOver) {
            if (catchUp(stream)) {
                caughtUp.add(stream.aggregateId());
                behindNow.remove(stream.aggregateId());
            }
        }
        if (!caughtUp.isEmpty()) {
            healed.increment(caughtUp.size());
            log.warn("Practice views: the processor passed over events of {} stream(s); caught up from the event "
                    + "store (check the nodes' clocks and the event store's look-back)", caughtUp.size());
        }
        behindBefore = behindNow;
        tokensBefore = processor.tokens();
        previousCheck = started;
        return new Check(full, behindNow.keySet().stream().sorted().toList(), caughtUp.stream().sorted().toList());
    }

    /** False when a write met a newer one (the processor got there): the stream is looked at again next time. */
    private boolean catchUp(Behind stream) {
        try {
            projector.catchUp(stream.aggregateId(), stream.applied());
            return true;
        } catch (DataAccessException e) {
            log.info("Practice views: catching up {} {} met a concurrent write ({}); trying at the next check",
                    stream.aggregateType(), stream.aggregateId(), e.getClass().getSimpleName());
            return false;
        }
    }

    /**
     * Where the views' processor is, as far as this node sees: the oldest timestamp among its segments' tokens, and
     * the tokens themselves (to tell whether it moved). Both null when this node does not hold every segment, or a
     * token is not the Mongo store's.
     */
    private ProcessorPosition processorPosition() {
        EventProcessingConfiguration configuration = processing.getIfAvailable();
        StreamingEventProcessor processor = configuration == null ? null : configuration
                .eventProcessor(PracticeViewsProjector.PROCESSING_GROUP, StreamingEventProcessor.class).orElse(null);
        if (processor == null) {
            return new ProcessorPosition(false, null, null);
        }
        if (processor.isReplaying()) {
            return new ProcessorPosition(true, null, null);
        }
        Map<Integer, EventTrackerStatus> status = processor.processingStatus();
        if (status.isEmpty() || status.size() < tokenStore.fetchSegments(processor.getName()).length) {
            return new ProcessorPosition(false, null, null);
        }
        Instant oldest = null;
        Map<Integer, TrackingToken> tokens = new HashMap<>();
        for (Map.Entry<Integer, EventTrackerStatus> segment : status.entrySet()) {
            if (!(segment.getValue().getTrackingToken() instanceof MongoTrackingToken token)) {
                return new ProcessorPosition(false, null, null);
            }
            tokens.put(segment.getKey(), token);
            oldest = oldest == null || token.getTimestamp().isBefore(oldest) ? token.getTimestamp() : oldest;
        }
        return new ProcessorPosition(false, oldest, tokens);
    }

    private record ProcessorPosition(boolean replaying, Instant position, Map<Integer, TrackingToken> tokens) {
    }

    private List<Behind> fullCheck() {
        fullChecks.increment();
        List<Behind> behind = new ArrayList<>();
        String after = null;
        List<EventStreams.StreamPosition> page;
        do {
            page = eventStreams.lastSequences(null, after, PAGE);
            Map<String, Stored> stored = new HashMap<>();
            page.forEach(s -> stored.put(s.aggregateId(), new Stored(s.aggregateType(), s.lastSequence())));
            behind.addAll(behindAmong(stored));
            after = page.isEmpty() ? after : page.get(page.size() - 1).aggregateId();
        } while (page.size() == PAGE);
        return behind;
    }

    /**
     * The streams with events stored since the previous check began (less the overlap), and those behind before: a
     * stream behind before and unchanged since still ends where it ended then.
     */
    private List<Behind> incrementalCheck() {
        incrementalChecks.increment();
        Map<String, Stored> candidates = new HashMap<>();
        Instant since = previousCheck.minus(overlap);
        ChangedStreams.StreamChanges changes;
        do {
            changes = changedStreams.since(since, PAGE, false);
            for (ChangedStream changed : changes.streams()) {
                // Pages overlap at their boundary instant: keep the highest sequence read.
                candidates.merge(changed.aggregateId(), new Stored(changed.aggregateType(), changed.lastSequence()),
                        (a, b) -> a.lastSequence() >= b.lastSequence() ? a : b);
            }
            since = changes.until();
        } while (!changes.complete());
        behindBefore.forEach((id, before) -> candidates.putIfAbsent(id,
                new Stored(before.aggregateType(), before.lastSequence())));
        return behindAmong(candidates);
    }

    /**
     * Those of the given streams, just read from the store, whose own document applied less than the store holds (or
     * has no document). Found now: every event they miss was stored before this instant.
     */
    private List<Behind> behindAmong(Map<String, Stored> streams) {
        Instant found = clock.instant();
        Map<String, List<String>> idsByType = new HashMap<>();
        streams.forEach((id, stored) -> {
            if (ownerByStreamType.containsKey(stored.aggregateType())) {
                idsByType.computeIfAbsent(stored.aggregateType(), type -> new ArrayList<>()).add(id);
            }
        });
        List<Behind> behind = new ArrayList<>();
        idsByType.forEach((type, ids) -> {
            for (int from = 0; from < ids.size(); from += PAGE) {
                Collection<String> chunk = ids.subList(from, Math.min(ids.size(), from + PAGE));
                Map<String, Long> applied = documents.lastApplied(ownerByStreamType.get(type).documentType(), chunk);
                for (String id : chunk) {
                    long last = applied.getOrDefault(id, -1L);
                    if (last < streams.get(id).lastSequence()) {
                        long stored = streams.get(id).lastSequence();
                        behind.add(new Behind(type, id, stored, last, found, stored, 1));
                    }
                }
            }
        });
        return behind;
    }

    private record Stored(String aggregateType, long lastSequence) {
    }

    /**
     * A stream behind: where it ends in the store and what its document applied; since when (this node's clock)
     * the events up to {@code missingUpTo} are known to be missing, and at how many checks in a row its document
     * has not moved.
     */
    private record Behind(String aggregateType, String aggregateId, long lastSequence, long applied,
                          Instant foundAt, long missingUpTo, int unmovedChecks) {

        /** The same missing events, seen again as {@code now}. */
        Behind seenAgain(Behind now) {
            return new Behind(aggregateType, aggregateId, now.lastSequence(), now.applied(), foundAt, missingUpTo,
                    now.applied() == applied ? unmovedChecks + 1 : 1);
        }
    }
}
