package dev.meridian.loadgen;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What happened in each second of a phase: accepted commands, and the lag of the commands that became visible in
 * outcomes-service during that second. Thread-safe. Seconds are counted from the phase's start.
 */
public final class Timeline {

    private final long startNanos;
    private final List<long[]> accepted = new ArrayList<>();
    private final List<LatencyRecorder> lag = new ArrayList<>();

    public Timeline(long startNanos) {
        this.startNanos = startNanos;
    }

    public long startNanos() {
        return startNanos;
    }

    public synchronized void accepted(long atNanos) {
        int second = second(atNanos);
        grow(second);
        accepted.get(second)[0]++;
    }

    public synchronized void lag(long visibleAtNanos, long lagNanos) {
        int second = second(visibleAtNanos);
        grow(second);
        lag.get(second).record(lagNanos);
    }

    private int second(long atNanos) {
        return (int) Math.max(0, (atNanos - startNanos) / 1_000_000_000L);
    }

    private void grow(int second) {
        while (accepted.size() <= second) {
            accepted.add(new long[1]);
            lag.add(new LatencyRecorder());
        }
    }

    /**
     * The median of accepted commands per one-second window, over the full windows of {@code seconds} (the first
     * and a partial last window are left out: the first includes ramp-up).
     */
    public synchronized double medianAcceptedPerSecond(int seconds) {
        int last = Math.min(seconds, accepted.size());
        if (last <= 1) {
            return accepted.isEmpty() ? 0 : accepted.get(0)[0];
        }
        long[] counts = new long[last - 1];
        for (int i = 1; i < last; i++) {
            counts[i - 1] = accepted.get(i)[0];
        }
        Arrays.sort(counts);
        int n = counts.length;
        return n % 2 == 1 ? counts[n / 2] : (counts[n / 2 - 1] + counts[n / 2]) / 2.0;
    }

    /** One point per second, for the chart and the JSON. */
    public synchronized List<Point> points(int seconds) {
        List<Point> points = new ArrayList<>();
        for (int i = 0; i < Math.min(seconds, accepted.size()); i++) {
            LatencyRecorder.Percentiles p = lag.get(i).percentiles();
            points.add(new Point(i, accepted.get(i)[0], p.p50(), p.p99()));
        }
        return points;
    }

    /**
     * @param second         seconds since the phase started
     * @param accepted       commands accepted (2xx) in that second
     * @param lagP50Millis   median lag of the commands that became visible in that second (null: none did)
     * @param lagP99Millis   99th percentile of the same
     */
    public record Point(int second, long accepted, Double lagP50Millis, Double lagP99Millis) {
    }
}
