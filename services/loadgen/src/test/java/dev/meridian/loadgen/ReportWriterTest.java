package dev.meridian.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportWriterTest {

    @TempDir
    Path dir;

    /** A phase built from fake timings: 3 s at 100 accepted/s, lags 10..40 ms. */
    static BenchmarkReport.Phase phase(String name, Integer rate, int perSecond) {
        Timeline timeline = new Timeline(0);
        LatencyRecorder http = new LatencyRecorder();
        LatencyRecorder lag = new LatencyRecorder();
        for (int s = 0; s < 3; s++) {
            for (int i = 0; i < perSecond; i++) {
                long at = s * 1_000_000_000L + i * (1_000_000_000L / perSecond);
                timeline.accepted(at);
                http.record(2_000_000L + i * 10_000L);
                if (i % 10 == 0) {
                    long l = 10_000_000L + i * 300_000L;
                    lag.record(l);
                    timeline.lag(at + l, l);
                }
            }
        }
        return new BenchmarkReport.Phase(name, rate, 3, 3L * perSecond, 0, 0,
                timeline.medianAcceptedPerSecond(3), http.percentiles(), lag.percentiles(), 0, 0.5, 100.0, "1.0 1.0 1.0",
                timeline.points(3));
    }

    static BenchmarkReport report() {
        BenchmarkReport.Phase steady = phase("steady", 200, 100);
        BenchmarkReport.Phase flat = phase("flat out", null, 300);
        BenchmarkReport.Dashboard dashboard = new BenchmarkReport.Dashboard("measured", 10L, 40L,
                new LatencyRecorder.Percentiles(5, 3.0, 5.0, 6.0, 6.0), null);
        BenchmarkReport.Rebuild rebuild = new BenchmarkReport.Rebuild("measured", 1000L, 2.0, 500.0, 1.25, 0.5)
                .withEachPerSecond(List.of(400.0, 500.0, 450.0));
        BenchmarkReport.RawCeilings raw = new BenchmarkReport.RawCeilings("measured", 900.0, 9000.0, 4000.0, 1000L);
        return new BenchmarkReport("Meridian benchmark (test)", "2026-11-23T10:00:00Z", MachineInfo.current(),
                new BenchmarkReport.Setup("in-process", "mongo", "kafka", 1, 200, 3, 3, 4, "demo", 0), steady, flat,
                dashboard, rebuild, raw, new BenchmarkReport.Store(1000L, 1000L), 700L,
                Goals.evaluate(steady, flat, dashboard, rebuild, raw, 700L, "one process"), List.of("a note"));
    }

    @Test
    void the_report_is_written_as_json_markdown_and_a_png_chart() throws Exception {
        List<Path> files = ReportWriter.write(report(), dir, "run");

        JsonNode json = new ObjectMapper().readTree(dir.resolve("run.json").toFile());
        assertThat(json.at("/flatOut/acceptedPerSecondMedian").asDouble()).isEqualTo(300.0);
        assertThat(json.at("/steady/lag/p99").isNumber()).isTrue();
        assertThat(json.at("/machine/cores").asInt()).isPositive();
        assertThat(json.at("/goals")).hasSize(5);
        assertThat(json.at("/rebuild/readSeconds").asDouble()).isEqualTo(1.25);
        assertThat(json.at("/rebuild/writeSeconds").asDouble()).isEqualTo(0.5);
        assertThat(json.at("/rebuild/eachPerSecond").toString()).isEqualTo("[400.0,500.0,450.0]");

        String md = Files.readString(dir.resolve("run.md"));
        assertThat(md).contains("| Accepted commands/s (median of 1 s windows, flat out) | >= 1,000 | 300 | **no** |")
                .contains("12.5 % ").contains("not at 1 M sessions")
                .contains("![accepted commands/s and lag over time](run.png)")
                .contains("| the rebuild's read, then its write | read from offset 0 until caught up 1.25 s"
                        + " (800 events/s), then writing what it held 0.50 s |")
                .contains("| projection rebuild from offset 0, the fastest of 3 rebuilds | 500 events/s")
                .contains("| each rebuild, in order | 400; 500; 450 events/s |")
                // the fastest against the fastest read (4,000 records/s), the first beside it
                .contains("500 / 4000 events/s = 12.5 % (the fastest of 3 rebuilds against the fastest of 3 reads;"
                        + " the first rebuild 400 events/s = 10.0 %)");

        BufferedImage png = ImageIO.read(dir.resolve("run.png").toFile());
        assertThat(png.getWidth()).isEqualTo(1000);
        assertThat(files).hasSize(3);
    }

    @Test
    void goals_not_measured_are_reported_as_not_tested_rather_than_met() {
        List<BenchmarkReport.Goal> goals = Goals.evaluate(null, null, null, null, null, null, "");
        assertThat(goals).hasSize(5).allSatisfy(g -> assertThat(g.met()).isNull());
    }
}
