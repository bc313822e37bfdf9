package dev.meridian.outcomes.reconciliation;

import java.time.Instant;
import java.util.List;

/**
 * Per aggregate, the event store's last sequence against the last one the projections applied.
 *
 * @param behind           aggregates with events in the store not (all) applied here: missing ones have a null
 *                         applied sequence. These are what a heal asks practice-service to republish
 * @param ahead            aggregates applied further here than the store knows (a store reset, or events of
 *                         another store): reported, never healed
 * @param missing          how many of {@code behind} have nothing applied at all
 * @param inSync           nothing behind and nothing ahead
 * @param republishRequested aggregates whose republication this run requested (heal only)
 */
public record ReconciliationReport(Instant checkedAt, int streamsInEventStore, int streamsProjected,
                                   int behindCount, int missing, int aheadCount, boolean inSync,
                                   List<StreamDrift> behind, List<StreamDrift> ahead,
                                   List<String> republishRequested) {

    ReconciliationReport withRepublishRequested(List<String> ids) {
        return new ReconciliationReport(checkedAt, streamsInEventStore, streamsProjected, behindCount, missing,
                aheadCount, inSync, behind, ahead, List.copyOf(ids));
    }
}
