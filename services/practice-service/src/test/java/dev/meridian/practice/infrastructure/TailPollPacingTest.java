package dev.meridian.practice.infrastructure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Spacing of tail polls, on a clock the test moves: parking advances it by the time asked. */
class TailPollPacingTest {

    private static final long MS = 1_000_000;

    private long now = 1_000 * MS;
    private final List<Long> parked = new ArrayList<>();
    private final TailPollPacing pacing = new TailPollPacing(Duration.ofMillis(10), () -> now, nanos -> {
        parked.add(nanos);
        now += nanos;
    });

    @Test
    void the_first_poll_and_a_poll_after_a_full_batch_go_at_once() {
        long first = pacing.beforePoll();
        pacing.polled(first, false);
        long second = pacing.beforePoll();

        assertThat(second).isEqualTo(first);
        assertThat(parked).isEmpty();
    }

    @Test
    void a_poll_after_one_that_reached_the_tail_waits_out_the_interval_from_that_polls_start() {
        long first = pacing.beforePoll();
        now += 3 * MS; // the query itself took 3 ms
        pacing.polled(first, true);

        long second = pacing.beforePoll();

        assertThat(parked).containsExactly(7 * MS);
        assertThat(second - first).isEqualTo(10 * MS);
    }

    @Test
    void a_poll_later_than_the_interval_does_not_wait() {
        long first = pacing.beforePoll();
        pacing.polled(first, true);
        now += 25 * MS;

        pacing.beforePoll();

        assertThat(parked).isEmpty();
    }

    @Test
    void an_early_wake_up_parks_again_until_the_poll_is_due() {
        List<Long> asked = new ArrayList<>();
        TailPollPacing wakingEarly = new TailPollPacing(Duration.ofMillis(10), () -> now, nanos -> {
            asked.add(nanos);
            now += Math.min(nanos, 4 * MS);
        });
        long first = wakingEarly.beforePoll();
        wakingEarly.polled(first, true);

        long second = wakingEarly.beforePoll();

        assertThat(second - first).isEqualTo(10 * MS);
        assertThat(asked).containsExactly(10 * MS, 6 * MS, 2 * MS);
    }

    @Test
    void each_thread_is_paced_by_its_own_polls() throws InterruptedException {
        long first = pacing.beforePoll();
        pacing.polled(first, true);

        Thread other = new Thread(pacing::beforePoll);
        other.start();
        other.join();

        assertThat(parked).as("another reader's first poll").isEmpty();
    }

    @Test
    void zero_turns_pacing_off_and_a_negative_interval_is_refused() {
        TailPollPacing off = new TailPollPacing(Duration.ZERO, () -> now, parked::add);
        off.polled(off.beforePoll(), true);
        off.beforePoll();

        assertThat(parked).isEmpty();
        assertThatThrownBy(() -> new TailPollPacing(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tail-poll-interval");
    }
}
