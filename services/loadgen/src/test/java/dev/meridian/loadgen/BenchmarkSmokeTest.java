package dev.meridian.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A few seconds of the real benchmark, in-process: no thresholds, only that it runs and reports in full. */
class BenchmarkSmokeTest {

    @TempDir
    Path out;

    @Test
    void a_short_benchmark_drives_the_local_stack_and_writes_json_markdown_and_a_chart() throws Exception {
        BenchmarkOptions options = BenchmarkOptions.parse("--warmup-seconds", "2", "--warmup-max-seconds", "2",
                "--steady-seconds", "4", "--rate", "40", "--flat-seconds", "3", "--workers", "4",
                "--dashboard-queries", "5", "--out", out.toString(),
                "--name", "smoke", "--raw-documents", "1000", "--projected-sessions", "300",
                "--dashboard-budget-seconds", "20", "--dashboard-warmup-seconds", "1", "--quiet-max-seconds", "15");

        List<Path> files = new Benchmark(options).run();

        assertThat(files).extracting(p -> p.getFileName().toString())
                .containsExactly("smoke.json", "smoke.md", "smoke.png");
        JsonNode json = new ObjectMapper().readTree(out.resolve("smoke.json").toFile());
        assertThat(json.at("/steady/accepted").asLong()).isPositive();
        assertThat(json.at("/steady/refused").asLong()).isZero();
        assertThat(json.at("/steady/http/p99").isNumber()).isTrue();
        assertThat(json.at("/flatOut/accepted").asLong()).isPositive();
        // How many commands of a few seconds became visible depends on the machine: only the shape is asserted.
        assertThat(json.at("/steady/lag").has("p99")).isTrue();
        assertThat(json.at("/steady/lagNotVisible").isInt()).isTrue();
        assertThat(json.at("/rawCeilings/kafkaConsumePerSecond").isNumber()).isTrue();
        assertThat(json.at("/rawCeilings/mongoInsertOnePerSecond").isNumber()).isTrue();
        // The rebuild's read and write, by the service's clock, add up to no more than the whole rebuild.
        assertThat(json.at("/rebuild/eventsPerSecond").isNumber()).isTrue();
        // Three rebuilds one after the other; the figure is the fastest (decision 0030).
        assertThat(json.at("/rebuild/eachPerSecond")).hasSize(RebuildMeasurement.REBUILDS);
        double fastest = 0;
        for (JsonNode rate : json.at("/rebuild/eachPerSecond")) {
            fastest = Math.max(fastest, rate.asDouble());
        }
        assertThat(json.at("/rebuild/eventsPerSecond").asDouble()).isEqualTo(fastest);
        assertThat(json.at("/rebuild/readSeconds").asDouble() + json.at("/rebuild/writeSeconds").asDouble())
                .isPositive().isLessThanOrEqualTo(json.at("/rebuild/seconds").asDouble() + 0.01);
        assertThat(json.at("/store/events").asLong()).isPositive();
        assertThat(json.at("/peakRssMiB").asLong()).isPositive();
        assertThat(json.at("/machine/cores").asInt()).isPositive();
        assertThat(json.at("/goals")).hasSize(5);
        // The raw ceilings and the rebuild wait for a quiet stack (or say they did not get one).
        assertThat(json.at("/notes").toString()).contains("Raw ceilings and rebuild: ",
                "Raw Kafka consume: 3 reads of the whole topic", "Rebuild: timed by the service's clock",
                "Rebuild 2: ", "Rebuild 3: ", "Rebuilds: 3 from offset 0");
        // The dashboard phase: read models filled with generated courses, then both endpoints timed over HTTP.
        assertThat(json.at("/dashboard/seeding/sessions").asLong()).isGreaterThanOrEqualTo(300);
        assertThat(json.at("/dashboard/projectedSessions").asLong()).isGreaterThanOrEqualTo(300);
        assertThat(json.at("/dashboard/summary/samples").asInt()).isPositive();
        assertThat(json.at("/dashboard/courses/samples").asInt()).isPositive();
        assertThat(json.at("/dashboard/queries").size()).isEqualTo(11);
        assertThat(Files.readString(out.resolve("smoke.md"))).contains("## Goals (issue 5)", "| steady | 40/s |",
                "How the read models were filled");
        assertThat(ImageIO.read(out.resolve("smoke.png").toFile())).isNotNull();
    }
}
