package dev.meridian.loadgen;

import java.util.Arrays;

/**
 * Collects durations (nanoseconds) from many threads and answers percentiles. Keeps every sample: a benchmark of
 * a few minutes records at most a few million, and exact percentiles are easier to trust than a sketch.
 */
public final class LatencyRecorder {

    private long[] samples = new long[1024];
    private int size;

    public synchronized void record(long nanos) {
        if (size == samples.length) {
            samples = Arrays.copyOf(samples, size * 2);
        }
        samples[size++] = nanos;
    }

    public synchronized int count() {
        return size;
    }

    /** The nearest-rank percentile in milliseconds ({@code p} in 0..100); {@code null} without samples. */
    public synchronized Double percentileMillis(double p) {
        if (size == 0) {
            return null;
        }
        long[] sorted = Arrays.copyOf(samples, size);
        Arrays.sort(sorted);
        return percentile(sorted, p) / 1e6;
    }

    /** p50, p95, p99 and max in milliseconds, or all null without samples. */
    public synchronized Percentiles percentiles() {
        if (size == 0) {
            return new Percentiles(0, null, null, null, null);
        }
        long[] sorted = Arrays.copyOf(samples, size);
        Arrays.sort(sorted);
        return new Percentiles(size, round(percentile(sorted, 50) / 1e6), round(percentile(sorted, 95) / 1e6),
                round(percentile(sorted, 99) / 1e6), round(sorted[size - 1] / 1e6));
    }

    static long percentile(long[] sorted, double p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    static Double round(double millis) {
        return Math.round(millis * 100) / 100.0;
    }

    /** Latency figures in milliseconds. */
    public record Percentiles(int samples, Double p50, Double p95, Double p99, Double max) {
    }
}
