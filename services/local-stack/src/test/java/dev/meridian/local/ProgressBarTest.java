package dev.meridian.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressBarTest {

    private final AtomicLong clock = new AtomicLong();
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    private String printed() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void the_bar_shows_share_done_count_rate_and_time_left() {
        ProgressBar bar = new ProgressBar(out, "Seeding", 200, true, clock::get);
        clock.set(2_000_000_000L);
        assertThat(bar.line(100, clock.get()))
                .isEqualTo("Seeding [###############---------------]  50%  100/200 calls  50/s  ETA 2s");
    }

    @Test
    void on_a_terminal_the_bar_is_redrawn_in_place_at_most_ten_times_a_second() {
        ProgressBar bar = new ProgressBar(out, "Seeding", 100, true, clock::get);
        for (int i = 1; i <= 50; i++) {
            clock.addAndGet(1_000_000L);
            bar.update(i);
        }
        bar.finish(100);
        assertThat(printed().split("\r", -1)).hasSizeLessThanOrEqualTo(4);
        assertThat(printed()).contains("100%  100/100 calls").endsWith(System.lineSeparator());
    }

    @Test
    void in_a_log_the_bar_prints_one_plain_line_per_tenth() {
        ProgressBar bar = new ProgressBar(out, "Seeding", 1000, false, clock::get);
        for (int i = 1; i <= 1000; i++) {
            clock.addAndGet(1_000_000L);
            bar.update(i);
        }
        bar.finish(1000);
        assertThat(printed()).doesNotContain("\r");
        assertThat(printed().lines()).hasSize(11).last().asString().contains("100%");
    }
}
