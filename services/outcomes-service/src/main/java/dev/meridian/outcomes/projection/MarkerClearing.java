package dev.meridian.outcomes.projection;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes courses' exactly-once markers ({@code appliedVersions.<courseId>}) out of the dashboard cells once their
 * changes are in, so that a cell stays a few counters however many courses it counts: every summary reads whole
 * cells, and on the embedded server each read deserializes the whole document.
 *
 * <p>Why not at once: after the course document dropped its pending change, only a consumer that lost its partition
 * while stalled in the middle of a batch (and has not noticed yet) can offer the same change again, and the marker is
 * what refuses it. So a marker goes after a grace period longer than such a stall is tolerated by Kafka
 * ({@code max.poll.interval.ms}, five minutes by default; the live projection waits ten). A projection with one
 * consumer (a rebuild, tests) has no such risk and clears at once.
 *
 * <p>Kept in memory: markers still waiting at a stop stay in their cells. They are harmless (a later change of the
 * course has a higher version; the course's next change to the cell clears it) and a rebuild writes cells without
 * them. Thread-safe: the live projection's consumers share one.
 */
final class MarkerClearing {

    private static final Logger log = LoggerFactory.getLogger(MarkerClearing.class);

    /** Beyond this many waiting markers the oldest are cleared early: memory stays bounded at any rate. */
    static final int MAX_WAITING = 200_000;

    private final ReadModelStore store;
    private final Clock clock;
    private final Duration grace;
    /** "cellId\ncourseId" -> when it may go; in scheduling order, which is due order (one grace for all). */
    private final LinkedHashMap<String, Instant> waiting = new LinkedHashMap<>();

    MarkerClearing(ReadModelStore store, Clock clock, Duration grace) {
        this.store = store;
        this.clock = clock;
        this.grace = grace;
    }

    /** The courses' markers in the cell are no longer needed once the grace period has passed. */
    void schedule(String cellId, Collection<String> courseIds) {
        Instant due = clock.instant().plus(grace);
        synchronized (waiting) {
            for (String courseId : courseIds) {
                String key = cellId + "\n" + courseId;
                waiting.remove(key); // re-inserted at the end: a newer change's marker waits its own grace
                waiting.put(key, due);
            }
        }
    }

    /** Clears the markers whose grace has passed: one update per cell, all in one bulk write. */
    void clearDue() {
        Instant now = clock.instant();
        Map<String, List<String>> byCell = new LinkedHashMap<>();
        synchronized (waiting) {
            Iterator<Map.Entry<String, Instant>> entries = waiting.entrySet().iterator();
            int excess = waiting.size() - MAX_WAITING;
            while (entries.hasNext()) {
                Map.Entry<String, Instant> entry = entries.next();
                if (excess <= 0 && entry.getValue().isAfter(now)) {
                    break;
                }
                String[] key = entry.getKey().split("\n", 2);
                byCell.computeIfAbsent(key[0], c -> new ArrayList<>()).add(key[1]);
                entries.remove();
                excess--;
            }
        }
        if (byCell.isEmpty()) {
            return;
        }
        try {
            store.clearCellMarkers(byCell); // one round trip for all cells
        } catch (RuntimeException e) {
            // Loses only the clearing, never a count: the markers stay in their cells, harmless.
            log.warn("Markers of courses in {} dashboard cell(s) stay: {}", byCell.size(), e.toString());
        }
    }

    int waiting() {
        synchronized (waiting) {
            return waiting.size();
        }
    }
}
