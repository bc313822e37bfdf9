package dev.meridian.loadgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CpuActivityTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void theShareIsTheCompilersCpuOverTheLastWholeWindowAndUnknownBeforeOne() {
        AtomicLong compilerCpu = new AtomicLong();
        CpuActivity jit = new CpuActivity(compilerCpu::get, 60 * SECOND);

        // Busy at first: half a core for a minute.
        for (long t = 0; t <= 60; t += 5) {
            assertThat(jit.shareOfOneCore()).as("no whole window before %d s", t).isEqualTo(-1);
            compilerCpu.set(t * SECOND / 2);
            jit.sample(t * SECOND);
        }
        assertThat(jit.shareOfOneCore()).isCloseTo(0.5, offset(1e-9));

        // Then settled: 1 % of a core. The first minute drops out of the window.
        for (long t = 65; t <= 125; t += 5) {
            compilerCpu.addAndGet(5 * SECOND / 100);
            jit.sample(t * SECOND);
        }
        assertThat(jit.shareOfOneCore()).isCloseTo(0.01, offset(1e-9));
    }

    @Test
    void thisJvmsCompilerThreadsAreFoundAndHaveCompiledSomething() {
        CpuActivity jit = CpuActivity.compilersOf(ProcessHandle.current().pid());

        assertThat(jit).as("HotSpot on Linux").isNotNull();
        assertThat(CpuActivity.compilerCpuNanos(Path.of("/proc", Long.toString(ProcessHandle.current().pid()),
                "task"))).isPositive();
        assertThat(CpuActivity.compilersOf(Long.MAX_VALUE)).as("no such process").isNull();
    }

    @Test
    void aWholeProcessIsWatchedOverItsOwnWindow() {
        long self = ProcessHandle.current().pid();
        CpuActivity process = CpuActivity.processOf(self, SECOND);
        assertThat(process).isNotNull();
        process.sample(System.nanoTime());
        assertThat(process.shareOfOneCore()).as("one sample is no window").isEqualTo(-1);

        long start = System.nanoTime();
        long spin = 0;
        while (System.nanoTime() - start < 1_200_000_000L) {
            spin += Long.numberOfTrailingZeros(spin + System.nanoTime()); // busy for 1.2 s on this thread
        }
        process.sample(System.nanoTime());
        assertThat(spin).isNotNegative();
        // Busy on one thread at least: most of a core (10 ms ticks; other threads may add to it).
        assertThat(process.shareOfOneCore()).isGreaterThan(0.5);
        assertThat(CpuActivity.processOf(Long.MAX_VALUE, SECOND)).as("no such process").isNull();
    }
}
