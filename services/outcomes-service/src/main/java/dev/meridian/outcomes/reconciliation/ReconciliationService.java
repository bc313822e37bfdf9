package dev.meridian.outcomes.reconciliation;

import dev.meridian.events.AggregateType;
import dev.meridian.outcomes.practice.PracticeServiceClient;
import dev.meridian.outcomes.practice.StreamPosition;
import dev.meridian.outcomes.projection.ParkedEvent;
import dev.meridian.outcomes.projection.ReadModelStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bson.Document;
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

    private final PracticeServiceClient practice;
    private final ReadModelStore live;
    private final Clock clock;

    public ReconciliationService(PracticeServiceClient practice, @Qualifier("liveReadModels") ReadModelStore live,
                                 Clock clock) {
        this.practice = practice;
        this.live = live;
        this.clock = clock;
    }

    public ReconciliationReport check() {
        List<StreamPosition> stored = practice.streams();
        Map<String, Long> applied = new HashMap<>();
        Map<String, AggregateType> appliedTypes = new HashMap<>();
        live.forEachCourseApplied(doc -> appliedOf(doc).forEach((id, sequence) -> {
            applied.put(id, sequence);
            appliedTypes.put(id, id.equals(doc.get("_id")) ? AggregateType.TREATMENT_COURSE : AggregateType.SESSION);
        }));
        live.forEachPatientApplied(doc -> appliedOf(doc).forEach((id, sequence) -> {
            applied.put(id, sequence);
            appliedTypes.put(id, AggregateType.PATIENT);
        }));
        Map<String, Integer> parked = new HashMap<>();
        for (ParkedEvent event : live.allParked()) {
            parked.merge(event.aggregateId(), 1, Integer::sum);
        }

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
        Comparator<StreamDrift> order = Comparator.comparing(StreamDrift::aggregateType)
                .thenComparing(StreamDrift::aggregateId);
        behind.sort(order);
        ahead.sort(order);
        int missing = (int) behind.stream().filter(d -> d.appliedSequence() == null).count();
        return new ReconciliationReport(clock.instant(), stored.size(), applied.size(), behind.size(), missing,
                ahead.size(), behind.isEmpty() && ahead.isEmpty(), behind, ahead, List.of());
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

    private static Map<String, Long> appliedOf(Document doc) {
        Map<String, Long> result = new HashMap<>();
        Object applied = doc.get("applied");
        if (applied instanceof Map<?, ?> map) {
            map.forEach((id, sequence) -> result.put(String.valueOf(id), ((Number) sequence).longValue()));
        }
        return result;
    }
}
