package dev.meridian.outcomes.rebuild;

import java.time.Instant;

/**
 * Where a projection rebuild is.
 *
 * @param state            {@code IDLE} (never started), {@code RUNNING} (reading the topic from offset 0 into
 *                         fresh collections), {@code SWAPPING} (live consumption paused, last records being read
 *                         before the fresh collections replace the live ones), {@code COMPLETED}, {@code FAILED}
 * @param startedAt        when the rebuild was asked to start (before its fresh collections were prepared)
 * @param caughtUpAt       when it first caught up with the topic and began writing what it held in memory, or null:
 *                         from {@code startedAt} to here it read the topic from offset 0
 * @param writtenAt        when that write finished, or null; the swap follows once the rebuild has caught up again
 * @param finishedAt       when it completed (its collections live, live consumption started again) or failed
 * @param recordsToProcess records on the topic when the rebuild started
 * @param recordsProcessed records the rebuild has read so far
 * @param lag              records on the topic the rebuild has not read yet: the topic's end offsets at the
 *                         rebuild's last check (every check interval, 0.2 s by default) against where it has read to
 * @param percent          {@code recordsProcessed} of {@code recordsToProcess}, 0-100
 */
public record RebuildProgress(String state, Instant startedAt, Instant caughtUpAt, Instant writtenAt,
                              Instant finishedAt, long recordsToProcess, long recordsProcessed, long lag,
                              double percent, String error) {

    static RebuildProgress idle() {
        return new RebuildProgress("IDLE", null, null, null, null, 0, 0, 0, 0, null);
    }
}
