package dev.meridian.loadgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BenchmarkOptionsTest {

    @Test
    void theStacksProcessIsNamedForRunningServicesAndItsPeakRssIsRead() {
        long self = ProcessHandle.current().pid();
        BenchmarkOptions options = BenchmarkOptions.parse("--practice-url", "http://localhost:8080",
                "--outcomes-url", "http://localhost:8081", "--stack-pid", Long.toString(self));

        assertThat(options.inProcess()).isFalse();
        assertThat(options.stackPid()).isEqualTo(self);
        // This JVM's own figure, read by its pid: as large as the current resident set at least.
        assertThat(MachineInfo.peakRssMiB(self)).isNotNull().isGreaterThanOrEqualTo(MachineInfo.rssMiB());
        // And its CPU time, by /proc/<pid>/stat in 10 ms ticks: what the JVM says, to a tick or two.
        long before = MachineInfo.processCpuNanos();
        long read = MachineInfo.processCpuNanos(self);
        long after = MachineInfo.processCpuNanos();
        assertThat(read).isBetween(before - 50_000_000L, after + 50_000_000L);
    }

    @Test
    void aStackPidWithoutRunningServicesIsRefused() {
        assertThatThrownBy(() -> BenchmarkOptions.parse("--stack-pid", "42"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--practice-url");
    }

    @Test
    void anUnreadableProcessHasNoPeakRss() {
        assertThat(MachineInfo.peakRssMiB(Long.MAX_VALUE)).isNull();
        assertThat(MachineInfo.processCpuNanos(Long.MAX_VALUE)).isEqualTo(-1);
    }
}
