package dev.meridian.loadgen;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The machine and JVM a benchmark ran on, and the process's peak resident set size.
 *
 * @param cores          processors available to the JVM
 * @param cpuModel       from /proc/cpuinfo, when readable
 * @param memoryMiB      total memory from /proc/meminfo, when readable
 * @param os             name, version, architecture
 * @param jvm            vendor, name and version
 * @param maxHeapMiB     the JVM's maximum heap
 */
public record MachineInfo(int cores, String cpuModel, Long memoryMiB, String os, String jvm, long maxHeapMiB) {

    public static MachineInfo current() {
        return new MachineInfo(Runtime.getRuntime().availableProcessors(), readCpuModel(), memTotalMiB(),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                        + System.getProperty("os.arch"),
                System.getProperty("java.vm.vendor") + " " + System.getProperty("java.vm.name") + " "
                        + System.getProperty("java.runtime.version"),
                Runtime.getRuntime().maxMemory() / (1024 * 1024));
    }

    /** Peak resident set size of this process (VmHWM), in MiB; null where /proc is not there. */
    public static Long peakRssMiB() {
        return procStatusKiB(Path.of("/proc/self/status"), "VmHWM:");
    }

    /** Peak resident set size (VmHWM) of another process of this machine, in MiB; null when not readable. */
    public static Long peakRssMiB(long pid) {
        return procStatusKiB(Path.of("/proc", Long.toString(pid), "status"), "VmHWM:");
    }

    /** The system's load averages (1, 5, 15 minutes) from /proc/loadavg; null where not readable. */
    public static String loadAverage() {
        List<String> lines = lines(Path.of("/proc/loadavg"));
        if (lines.isEmpty()) {
            return null;
        }
        String[] parts = lines.get(0).split(" ");
        return parts.length >= 3 ? parts[0] + " " + parts[1] + " " + parts[2] : null;
    }

    /** CPU time this process has used so far, in nanoseconds; -1 where the JVM cannot tell. */
    public static long processCpuNanos() {
        java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory
                .getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : -1;
    }

    /**
     * CPU time (user and system) another process of this machine has used so far, in nanoseconds, from
     * {@code /proc/<pid>/stat} in clock ticks of 10 ms (Linux's USER_HZ); -1 when not readable.
     */
    public static long processCpuNanos(long pid) {
        return statCpuNanos(Path.of("/proc", Long.toString(pid), "stat"));
    }

    /** User and system CPU time from a {@code /proc} stat file (a process's or a thread's); -1 when not readable. */
    static long statCpuNanos(Path statFile) {
        List<String> lines = lines(statFile);
        if (lines.isEmpty()) {
            return -1;
        }
        // Fields after the command name (which may hold spaces, so split after its closing parenthesis):
        // state is field 3, utime field 14, stime field 15.
        String line = lines.get(0);
        String[] fields = line.substring(line.lastIndexOf(')') + 2).split(" ");
        try {
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10_000_000L;
        } catch (RuntimeException e) {
            return -1;
        }
    }

    /** Current resident set size of this process (VmRSS), in MiB. */
    public static Long rssMiB() {
        return procStatusKiB(Path.of("/proc/self/status"), "VmRSS:");
    }

    static Long procStatusKiB(Path file, String key) {
        List<String> lines = lines(file);
        for (String line : lines) {
            if (line.startsWith(key)) {
                String digits = line.substring(key.length()).replaceAll("[^0-9]", "");
                return digits.isEmpty() ? null : Long.parseLong(digits) / 1024;
            }
        }
        return null;
    }

    private static String readCpuModel() {
        return lines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse(null);
    }

    private static Long memTotalMiB() {
        return procStatusKiB(Path.of("/proc/meminfo"), "MemTotal:");
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }
}
