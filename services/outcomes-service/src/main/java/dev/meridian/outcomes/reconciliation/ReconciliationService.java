package dev.meridian.outcomes.reconciliation;

import dev.meridian.events.AggregateType;
import dev.meridian.outcomes.practice.PracticeServiceClient;
import dev.meridian.outcomes.practice.StreamPosition;
import dev.meridian.outcomes.projection.ParkedEvent;
import dev.meridian.outcomes.projection.ReadModelStore;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Service;

/**
 * Compares, per aggregate, the last sequence in practice-service's event store with the last one applied to the
 * live read models, and heals what is behind by asking for its republication. A point-in-time comparison: events
 * still in flight show as behind, and healing them is harmless (duplicates are ignored).
 */
@Service
public class ReconciliationService {

    private static final Logger log = LoggerFactory.getLogger(ReconciliationService.class);
    private static final Comparator<StreamDrift> ORDER = Comparator.comparing(StreamDrift::aggregateType)
            .thenComparing(StreamDrift::aggregateId);

    private final PracticeServiceClient practice;
    private final ReadModelStore live;
    private final Clock clock;

    public ReconciliationService(PracticeServiceClient practice, @Qualifier("liveReadModels") ReadModelStore live,
                                 Clock clock) {
        this.practice = practice;
        this.live = live;
        this.clock = clock;
    }

    /** Every stream of the event store against the live read models: one pass over both. */
    public ReconciliationReport check() {
        return checkAll().report();
    }

    /**
     * The full check, and for each session found behind with something applied, the course whose document holds
     * it: what a later incremental check needs to look the session up again.
     */
    public FullCheck checkAll() {
        List<StreamPosition> stored = practice.streams();
        Map<String, Long> applied = new HashMap<>();
        Map<String, AggregateType> appliedTypes = new HashMap<>();
        Map<String, String> courseOf = new HashMap<>();
        live.forEachCourseApplied(doc -> ReadModelStore.appliedOf(doc).forEach((id, sequence) -> {
            applied.put(id, sequence);
            String courseId = String.valueOf(doc.get("_id"));
            appliedTypes.put(id, id.equals(courseId) ? AggregateType.TREATMENT_COURSE : AggregateType.SESSION);
            courseOf.put(id, courseId);
        }));
        live.forEachPatientApplied(doc -> ReadModelStore.appliedOf(doc).forEach((id, sequence) -> {
            applied.put(id, sequence);
            appliedTypes.put(id, AggregateType.PATIENT);
        }));
        Map<String, Integer> parked = parkedPerStream();

        List<StreamDrift> behind = new ArrayList<>();
        List<StreamDrift> ahead = new ArrayList<>();
        Set<String> known = new HashSet<>();
        for (StreamPosition stream : stored) {
            known.add(stream.aggregateId());
            Long done = applied.get(stream.aggregateId());
            int waiting = parked.getOrDefault(stream.aggregateId(), 0);
            if (done == null || done < stream.lastSequence()) {
                behind.add(new StreamDrift(stream.aggregateType(), stream.aggregateId(), stream.lastSequence(), done,
                        waiting));
            } else if (done > stream.lastSequence()) {
                ahead.add(new StreamDrift(stream.aggregateType(), stream.aggregateId(), stream.lastSequence(), done,
                        waiting));
            }
        }
        applied.forEach((id, done) -> {
            if (!known.contains(id)) {
                ahead.add(new StreamDrift(appliedTypes.get(id), id, null, done, parked.getOrDefault(id, 0)));
            }
        });
        behind.sort(ORDER);
        ahead.sort(ORDER);
        int missing = (int) behind.stream().filter(d -> d.appliedSequence() == null).count();
        Map<String, String> coursesOfBehind = new HashMap<>();
        behind.forEach(drift -> {
            String courseId = courseOf.get(drift.aggregateId());
            if (courseId != null) {
                coursesOfBehind.put(drift.aggregateId(), courseId);
            }
        });
        return new FullCheck(new ReconciliationReport(clock.instant(), stored.size(), applied.size(), behind.size(),
                missing, ahead.size(), behind.isEmpty() && ahead.isEmpty(), behind, ahead, List.of()),
                coursesOfBehind);
    }

    /** The event store's streams with events stored at or after {@code since}, each with its course. */
    public List<StreamPosition> changedSince(Instant since) {
        return practice.changedStreams(since);
    }

    /**
     * Of these streams, those the live read models are behind: each looked up by the id of the document that holds
     * it (its course, or its patient), so the cost follows the number of streams given, not the store. A session
     * without its course cannot be looked up and is left out.
     */
    public List<StreamDrift> behindAmong(Collection<StreamPosition> streams) {
        Set<String> courseIds = new HashSet<>();
        Set<String> patientIds = new HashSet<>();
        for (StreamPosition stream : streams) {
            String owner = ownerOf(stream);
            if (owner != null) {
                (stream.aggregateType() == AggregateType.PATIENT ? patientIds : courseIds).add(owner);
            }
        }
        Map<String, Map<String, Long>> courses = live.appliedIn(ReadModelStore.COURSE_OUTCOMES, courseIds);
        Map<String, Map<String, Long>> patients = live.appliedIn(ReadModelStore.PATIENT_STREAMS, patientIds);
        Map<String, Integer> parked = parkedPerStream();
        List<StreamDrift> behind = new ArrayList<>();
        for (StreamPosition stream : streams) {
            String owner = ownerOf(stream);
            if (owner == null) {
                continue;
            }
            Map<String, Long> applied = (stream.aggregateType() == AggregateType.PATIENT ? patients : courses)
                    .getOrDefault(owner, Map.of());
            Long done = applied.get(stream.aggregateId());
            if (done == null || done < stream.lastSequence()) {
                behind.add(new StreamDrift(stream.aggregateType(), stream.aggregateId(), stream.lastSequence(), done,
                        parked.getOrDefault(stream.aggregateId(), 0)));
            }
        }
        behind.sort(ORDER);
        return behind;
    }

    /** A full check's report, and the course of each session behind that had something applied. */
    public record FullCheck(ReconciliationReport report, Map<String, String> courseOfSession) {
    }

    private static String ownerOf(StreamPosition stream) {
        return switch (stream.aggregateType()) {
            case PATIENT -> stream.aggregateId();
            case TREATMENT_COURSE -> stream.courseId() != null ? stream.courseId() : stream.aggregateId();
            case SESSION -> stream.courseId();
        };
    }

    private Map<String, Integer> parkedPerStream() {
        Map<String, Integer> parked = new HashMap<>();
        for (ParkedEvent event : live.allParked()) {
            parked.merge(event.aggregateId(), 1, Integer::sum);
        }
        return parked;
    }

    /** Checks, then asks practice-service to republish every aggregate that is behind. */
    public ReconciliationReport heal() {
        ReconciliationReport report = check();
        List<String> ids = report.behind().stream().map(StreamDrift::aggregateId).toList();
        republish(ids);
        return report.withRepublishRequested(ids);
    }

    /** Asks practice-service to publish these aggregates' streams again; the projection ignores what it has. */
    public void republish(List<String> aggregateIds) {
        if (!aggregateIds.isEmpty()) {
            practice.republish(aggregateIds);
            log.info("Reconciliation: requested republication of {} aggregate(s) behind the event store",
                    aggregateIds.size());
        }
    }
}
