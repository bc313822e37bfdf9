package dev.meridian.loadgen;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.LongSupplier;
import java.util.stream.Stream;

/**
 * How busy a process of this machine is, as a share of one core over the last window: its JIT compilers alone
 * (HotSpot's "C1 CompilerThread" / "C2 CompilerThread", named in {@code /proc/<pid>/task/<tid>/comm}, cut to 15
 * characters; {@link #compilersOf}) or the whole process ({@link #processOf}).
 *
 * <p>Why the compilers: under flat-out load the stack's C2 compiler kept up to a seventh of the process busy for
 * about six minutes and settled only after seven to ten (docs/benchmarks, seventeenth run); a warm-up of 120 s
 * measured the stack while it was still compiling (a fifth of its CPU in the steady phase). The warm-up now lasts
 * until this settles. Why the whole process: after the flat-out phase practice-service's processors worked through
 * its backlog for a minute, half a core of the stack, while the raw ceilings and the rebuild were timed (twentieth
 * run); they now wait until the stack is quiet.
 */
final class CpuActivity {

    /** The compilers' window. */
    static final long WINDOW_NANOS = 60_000_000_000L;

    private final LongSupplier cpuNanos;
    private final long windowNanos;
    /** (time, compiler CPU) samples, oldest first, the oldest just beyond the window. */
    private final Deque<long[]> samples = new ArrayDeque<>();

    CpuActivity(LongSupplier cpuNanos, long windowNanos) {
        this.cpuNanos = cpuNanos;
        this.windowNanos = windowNanos;
    }

    /** The JIT compilers of the process {@code pid}; null where its threads cannot be read (no /proc). */
    static CpuActivity compilersOf(long pid) {
        Path tasks = Path.of("/proc", Long.toString(pid), "task");
        return compilerCpuNanos(tasks) < 0 ? null : new CpuActivity(() -> compilerCpuNanos(tasks), WINDOW_NANOS);
    }

    /** The whole process {@code pid} over {@code windowNanos}; null where it cannot be read (no /proc). */
    static CpuActivity processOf(long pid, long windowNanos) {
        return MachineInfo.processCpuNanos(pid) < 0 ? null
                : new CpuActivity(() -> MachineInfo.processCpuNanos(pid), windowNanos);
    }

    /** CPU time a process's compiler threads have used so far (those alive now); -1 when not readable. */
    static long compilerCpuNanos(Path tasks) {
        try (Stream<Path> threads = Files.list(tasks)) {
            return threads.filter(CpuActivity::isCompiler)
                    .mapToLong(thread -> Math.max(0, MachineInfo.statCpuNanos(thread.resolve("stat")))).sum();
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** Records a sample now; call every few seconds. */
    synchronized void sample(long nowNanos) {
        long cpu = cpuNanos.getAsLong();
        if (cpu < 0) {
            return;
        }
        samples.addLast(new long[]{nowNanos, cpu});
        while (samples.size() > 2 && nowNanos - secondOldest()[0] >= windowNanos) {
            samples.removeFirst();
        }
    }

    /**
     * The CPU watched as a share of one core over the last window, or -1 before a whole window was sampled.
     * (A compiler thread that ended meanwhile takes its time with it: the share can only be under-read at that
     * moment, and the next window is whole again.)
     */
    synchronized double shareOfOneCore() {
        if (samples.size() < 2) {
            return -1;
        }
        long[] first = samples.peekFirst();
        long[] last = samples.peekLast();
        long wall = last[0] - first[0];
        if (wall < windowNanos) {
            return -1;
        }
        return Math.max(0, last[1] - first[1]) / (double) wall;
    }

    private long[] secondOldest() {
        var iterator = samples.iterator();
        iterator.next();
        return iterator.next();
    }

    private static boolean isCompiler(Path thread) {
        try {
            String name = Files.readString(thread.resolve("comm")).trim();
            return name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre");
        } catch (IOException e) {
            return false; // the thread ended
        }
    }
}
