package dev.meridian.practice.infrastructure;

import java.io.Serial;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import org.axonframework.extensions.mongo.eventsourcing.eventstore.MongoTrackingToken;

/**
 * The event ids one read of the event store has tracked, from which it hands out tracking tokens that share them.
 * <p>
 * A {@link MongoTrackingToken} holds the ids (and timestamps) of the events within the look-back time before it.
 * axon-mongo advances a token by copying that whole window into a new map for every event read
 * ({@link MongoTrackingToken#advanceTo}), and the event store keeps thousands of read events, each with its token:
 * under load that was the largest source of garbage surviving into the old generation (docs/benchmarks, fifteenth
 * run). Here every token of one read is a range of one append-only log, so advancing costs one entry. The tokens are
 * ordinary {@code MongoTrackingToken}s with the same timestamps and the same windows, in the same order, as
 * {@code advanceTo} gives: they compare equal to axon-mongo's, and the token store writes the same document.
 * <p>
 * Not thread-safe while it is being advanced; one read advances its own window and returns the tokens only once it
 * is done, after which they never change.
 */
final class LookBackWindow {

    private String[] ids;
    private long[] times;
    private int size;
    /** Where each id is in the log; an id is logged once (see {@link #logged}). */
    private final Map<String, Integer> positions;
    /** The first entry of the newest token's window. */
    private int start;
    private long timestamp;

    private LookBackWindow(Map<String, Long> window, long timestamp, int capacity) {
        int length = Math.max(window.size() + capacity, 16);
        this.ids = new String[length];
        this.times = new long[length];
        this.positions = new HashMap<>(Math.max(16, (window.size() + capacity) * 4 / 3 + 1));
        window.forEach((id, time) -> append(id, time));
        this.timestamp = timestamp;
    }

    /**
     * The window of {@code token} (none for {@code null}), ready to advance from it; {@code expectedEvents} sizes
     * the log.
     */
    static LookBackWindow after(MongoTrackingToken token, int expectedEvents) {
        return token == null
                ? new LookBackWindow(Map.of(), Long.MIN_VALUE, expectedEvents)
                : new LookBackWindow(token.getTrackedEvents(), token.getTimestamp().toEpochMilli(), expectedEvents);
    }

    /** Whether the newest token's window holds {@code eventId}: such an event has been read already. */
    boolean knows(String eventId) {
        Integer position = positions.get(eventId);
        return position != null && position >= start;
    }

    /** Whether {@code eventId} is in the log at all, inside the newest window or trimmed from it. */
    boolean logged(String eventId) {
        return positions.containsKey(eventId);
    }

    /**
     * The token after the event {@code eventId} at {@code timestamp}: as {@link MongoTrackingToken#advanceTo}, the
     * newest token's window plus this event, less the entries older than the look-back time from the front.
     *
     * @throws IllegalArgumentException if the event is {@link #logged} already (start a new window for it)
     */
    MongoTrackingToken advanceTo(Instant timestamp, String eventId, Duration lookBack) {
        if (logged(eventId)) {
            throw new IllegalArgumentException("The event to advance to [" + eventId + "] is logged already");
        }
        long millis = timestamp.toEpochMilli();
        append(eventId, millis);
        this.timestamp = Math.max(this.timestamp, millis);
        long cutOff = this.timestamp - lookBack.toMillis();
        // advanceTo trims from the oldest entry and stops at the first one inside the window, so a later entry
        // older than the cut-off stays: the same here.
        while (start < size && times[start] < cutOff) {
            start++;
        }
        return MongoTrackingToken.of(Instant.ofEpochMilli(this.timestamp), new Window(start, size));
    }

    private void append(String id, long time) {
        if (size == ids.length) {
            ids = Arrays.copyOf(ids, size * 2);
            times = Arrays.copyOf(times, size * 2);
        }
        ids[size] = id;
        times[size] = time;
        positions.put(id, size);
        size++;
    }

    /** Entries {@code from} (inclusive) to {@code to} (exclusive) of the log, in the order they were tracked. */
    private final class Window extends AbstractMap<String, Long> implements Serializable {

        @Serial
        private static final long serialVersionUID = 1L;

        private final int from;
        private final int to;

        private Window(int from, int to) {
            this.from = from;
            this.to = to;
        }

        private int positionOf(Object id) {
            Integer position = positions.get(id);
            return position != null && position >= from && position < to ? position : -1;
        }

        @Override
        public boolean containsKey(Object id) {
            return positionOf(id) >= 0;
        }

        @Override
        public Long get(Object id) {
            int position = positionOf(id);
            return position >= 0 ? times[position] : null;
        }

        @Override
        public int size() {
            return to - from;
        }

        @Override
        public Set<Entry<String, Long>> entrySet() {
            return new AbstractSet<>() {
                @Override
                public Iterator<Entry<String, Long>> iterator() {
                    return new Iterator<>() {
                        private int next = from;

                        @Override
                        public boolean hasNext() {
                            return next < to;
                        }

                        @Override
                        public Entry<String, Long> next() {
                            if (next >= to) {
                                throw new NoSuchElementException();
                            }
                            int position = next++;
                            return new SimpleImmutableEntry<>(ids[position], times[position]);
                        }
                    };
                }

                @Override
                public int size() {
                    return to - from;
                }
            };
        }

        /** Java serialization writes a plain map, not the whole log. */
        @Serial
        private Object writeReplace() {
            return new LinkedHashMap<>(this);
        }
    }
}
