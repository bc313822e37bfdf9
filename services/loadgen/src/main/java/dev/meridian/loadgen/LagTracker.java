package dev.meridian.loadgen;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Measures command -> visible in outcomes-service: each tracked command is polled for in the outcomes read model
 * (by {@code _id}) until it shows; the lag is from the command's 2xx answer to the first poll that sees it. The
 * poll loop runs every {@link #POLL_NANOS}, which bounds the resolution of every lag figure.
 *
 * <p>A round checks at most {@link #CHECKS_PER_ROUND} pending commands, oldest first, in one query (the probe
 * looks their courses up together: one round trip per round, not one per command); the probe itself loads the
 * servers it measures (a first run that polled every pending command every round made the lag poller the
 * biggest MongoDB client of the process once a backlog built up). While the system keeps up, fewer commands than
 * that are pending and every one is checked every round; with a backlog, a command that becomes visible before
 * older ones is seen only when it reaches the front, so large lags are over- rather than under-stated.
 */
public final class LagTracker implements AutoCloseable {

    static final long POLL_NANOS = 5_000_000L;
    static final int CHECKS_PER_ROUND = 64;
    private static final long GIVE_UP_NANOS = 120_000_000_000L;

    private final Probe probe;
    private final Map<Long, Pending> pending = new ConcurrentSkipListMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final AtomicInteger gaveUp = new AtomicInteger();
    private final Thread poller;
    private volatile LatencyRecorder lags = new LatencyRecorder();
    private volatile Timeline timeline;
    private volatile boolean running = true;

    public LagTracker(Probe probe) {
        this.probe = probe;
        this.poller = new Thread(this::pollLoop, "lag-poller");
        this.poller.setDaemon(true);
        this.poller.start();
    }

    /** Starts a new measurement window: lags recorded from now on go to these. */
    public void measureInto(LatencyRecorder recorder, Timeline timeline) {
        this.lags = recorder;
        this.timeline = timeline;
    }

    public void track(Pending item) {
        pending.put(ids.incrementAndGet(), item);
    }

    public int pendingCount() {
        return pending.size();
    }

    /** Commands not visible after two minutes: counted, not left out silently. */
    public int gaveUp() {
        return gaveUp.get();
    }

    private void pollLoop() {
        while (running) {
            long roundStart = System.nanoTime();
            List<Map.Entry<Long, Pending>> round = new ArrayList<>(CHECKS_PER_ROUND);
            for (Map.Entry<Long, Pending> entry : pending.entrySet()) {
                if (round.size() == CHECKS_PER_ROUND) {
                    break;
                }
                round.add(entry);
            }
            Set<Pending> seen;
            try {
                seen = round.isEmpty() ? Set.of() : probe.visible(round.stream().map(Map.Entry::getValue).toList());
            } catch (RuntimeException e) {
                seen = Set.of();
            }
            long now = System.nanoTime();
            for (Map.Entry<Long, Pending> entry : round) {
                Pending item = entry.getValue();
                if (seen.contains(item)) {
                    pending.remove(entry.getKey());
                    long lag = now - item.acceptedAtNanos();
                    lags.record(lag);
                    Timeline t = timeline;
                    if (t != null) {
                        t.lag(now, lag);
                    }
                } else if (now - item.acceptedAtNanos() > GIVE_UP_NANOS) {
                    pending.remove(entry.getKey());
                    gaveUp.incrementAndGet();
                }
            }
            long rest = POLL_NANOS - (System.nanoTime() - roundStart);
            if (rest > 0) {
                LockSupport.parkNanos(rest);
            }
        }
    }

    @Override
    public void close() {
        running = false;
        poller.interrupt();
    }

    /** Which of the commands' effects are visible in outcomes-service yet. */
    @FunctionalInterface
    public interface Probe {
        Set<Pending> visible(List<Pending> items);
    }

    /**
     * @param what            what to look for
     * @param courseId        the course concerned
     * @param sessionId       the session concerned, for a completed session
     * @param acceptedAtNanos {@link System#nanoTime()} when the command's 2xx answer arrived
     */
    public record Pending(What what, String courseId, String sessionId, long acceptedAtNanos) {
    }

    /** The commands whose effect is polled for. */
    public enum What { COURSE_OPENED, SESSION_COMPLETED, COURSE_CLOSED }
}
