package dev.meridian.practice.infrastructure;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

/**
 * Spaces a thread's polls of the event stream's tail: a poll that follows one which reached the tail waits until
 * {@code interval} has passed since that one began. A poll after a full batch (a reader catching up) never waits.
 *
 * <p>Why: Axon's embedded event store reads a tracked stream until a query comes back empty, and its producer thread
 * fetches again as soon as anything was found, so every commit was followed by three tail queries, two of them
 * empty (about 280 queries/s at 200 commands/s). On MongoDB each tail query is axon-mongo's look-back query, which
 * reads back the last second of events whatever it finds, so their cost grows with the rate squared. Spaced, the
 * first event after a quiet spell is read at once and a busy tail is read at most every {@code interval}, each query
 * finding several commits' events. The added delay is at most {@code interval} (docs/decisions/0012).
 *
 * <p>State is per thread (the producer's, or a processor's reading a private stream), so one reader never waits
 * for another's query.
 */
final class TailPollPacing {

    private final long intervalNanos;
    private final LongSupplier nanoTime;
    private final LongConsumer parkNanos;
    private final ThreadLocal<LastPoll> lastPoll = ThreadLocal.withInitial(LastPoll::new);

    /** This thread's previous poll: when it began, and whether it reached the tail. */
    private static final class LastPoll {
        long start;
        boolean reachedTail;
    }

    TailPollPacing(Duration interval) {
        this(interval, System::nanoTime, LockSupport::parkNanos);
    }

    TailPollPacing(Duration interval, LongSupplier nanoTime, LongConsumer parkNanos) {
        if (interval.isNegative()) {
            throw new IllegalArgumentException("meridian.event-store.tail-poll-interval must not be negative: " + interval);
        }
        this.intervalNanos = interval.toNanos();
        this.nanoTime = nanoTime;
        this.parkNanos = parkNanos;
    }

    /** Waits as the last poll of this thread requires; returns the poll's start, to hand to {@link #polled}. */
    long beforePoll() {
        LastPoll last = lastPoll.get();
        long now = nanoTime.getAsLong();
        if (intervalNanos > 0 && last.reachedTail) {
            long due = last.start + intervalNanos;
            // Park may return early (spurious wake-up, interrupt): the loop still never polls before due.
            while (now - due < 0 && !Thread.currentThread().isInterrupted()) {
                parkNanos.accept(due - now);
                now = nanoTime.getAsLong();
            }
        }
        return now;
    }

    /** Records a poll begun at {@code start}: whether it reached the tail (came back with less than a batch). */
    void polled(long start, boolean reachedTail) {
        LastPoll last = lastPoll.get();
        last.start = start;
        last.reachedTail = reachedTail;
    }
}
