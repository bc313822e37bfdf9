package dev.meridian.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StatisticsTest {

    @Test
    void percentiles_are_nearest_rank_in_milliseconds() {
        LatencyRecorder r = new LatencyRecorder();
        for (int i = 1; i <= 100; i++) {
            r.record(i * 1_000_000L);
        }
        LatencyRecorder.Percentiles p = r.percentiles();
        assertThat(p.samples()).isEqualTo(100);
        assertThat(p.p50()).isEqualTo(50.0);
        assertThat(p.p95()).isEqualTo(95.0);
        assertThat(p.p99()).isEqualTo(99.0);
        assertThat(p.max()).isEqualTo(100.0);
    }

    @Test
    void without_samples_percentiles_are_absent_not_zero() {
        assertThat(new LatencyRecorder().percentiles().p99()).isNull();
    }

    @Test
    void throughput_is_the_median_of_full_one_second_windows_leaving_out_the_ramp_up_second() {
        Timeline t = new Timeline(1_000L);
        int[] perSecond = {5, 100, 300, 200, 120};
        for (int s = 0; s < perSecond.length; s++) {
            for (int i = 0; i < perSecond[s]; i++) {
                t.accepted(1_000L + s * 1_000_000_000L + i);
            }
        }
        assertThat(t.medianAcceptedPerSecond(5)).isEqualTo(160.0);
        assertThat(t.points(5)).extracting(Timeline.Point::accepted).containsExactly(5L, 100L, 300L, 200L, 120L);
    }

    @Test
    void lag_is_recorded_in_the_second_the_command_became_visible() {
        Timeline t = new Timeline(0);
        t.lag(2_500_000_000L, 40_000_000L);
        t.lag(2_600_000_000L, 60_000_000L);
        t.accepted(2_000_000_000L);
        assertThat(t.points(3).get(2).lagP99Millis()).isEqualTo(60.0);
        assertThat(t.points(3).get(1).lagP50Millis()).isNull();
    }
}
