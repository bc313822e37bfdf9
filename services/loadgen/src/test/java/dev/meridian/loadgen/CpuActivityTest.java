package dev.meridian.loadgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class JitActivityTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void theShareIsTheCompilersCpuOverTheLastWholeWindowAndUnknownBeforeOne() {
        AtomicLong compilerCpu = new AtomicLong();
        JitActivity jit = new JitActivity(compilerCpu::get, 60 * SECOND);

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
        JitActivity jit = JitActivity.of(ProcessHandle.current().pid());

        assertThat(jit).as("HotSpot on Linux").isNotNull();
        assertThat(JitActivity.compilerCpuNanos(Path.of("/proc", Long.toString(ProcessHandle.current().pid()),
                "task"))).isPositive();
        assertThat(JitActivity.of(Long.MAX_VALUE)).as("no such process").isNull();
    }
}
