package dev.meridian.loadgen;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.meridian.loadgen.BenchmarkReport.Goal;
import dev.meridian.loadgen.BenchmarkReport.Phase;
import dev.meridian.loadgen.LatencyRecorder.Percentiles;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** Writes a report as {@code <name>.json}, {@code <name>.md} and {@code <name>.png} (lag and throughput). */
public final class ReportWriter {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ReportWriter() {
    }

    /** @return the three files written */
    public static List<Path> write(BenchmarkReport report, Path dir, String name) {
        try {
            Files.createDirectories(dir);
            Path json = dir.resolve(name + ".json");
            Path md = dir.resolve(name + ".md");
            Path png = dir.resolve(name + ".png");
            JSON.writeValue(json.toFile(), report);
            Files.writeString(md, markdown(report, png.getFileName().toString()));
            chart(report, png);
            return List.of(json, md, png);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the benchmark report to " + dir, e);
        }
    }

    static String markdown(BenchmarkReport r, String chartFile) {
        StringBuilder md = new StringBuilder();
        md.append("# ").append(r.title()).append("\n\n");
        md.append("Run started ").append(r.startedAt()).append(". Machine: ").append(r.machine().cores())
                .append(" cores");
        if (r.machine().cpuModel() != null) {
            md.append(" (").append(r.machine().cpuModel()).append(")");
        }
        if (r.machine().memoryMiB() != null) {
            md.append(", ").append(r.machine().memoryMiB()).append(" MiB memory");
        }
        md.append(", ").append(r.machine().os()).append("; JVM ").append(r.machine().jvm()).append(", max heap ")
                .append(r.machine().maxHeapMiB()).append(" MiB.\n\n");
        BenchmarkReport.Setup s = r.setup();
        md.append("Setup: ").append(s.mode()).append("; MongoDB: ").append(s.mongo()).append("; Kafka: ")
                .append(s.kafka()).append("; workload: ").append(s.workload()).append(" (seed ").append(s.seed())
                .append("), ").append(s.workers()).append(" HTTP clients; ")
                .append(s.warmupSeconds() > 0 ? s.warmupSeconds() + " s flat out to warm up (not measured), then " : "")
                .append(s.steadySeconds())
                .append(" s at ").append(s.steadyRate()).append(" commands/s, then ").append(s.flatOutSeconds())
                .append(" s flat out.\n\n");

        md.append("## Goals (issue 5)\n\n| figure | goal | measured | met |\n| --- | --- | --- | --- |\n");
        for (Goal g : r.goals()) {
            md.append("| ").append(g.figure()).append(" | ").append(g.goal()).append(" | ").append(g.measured());
            if (g.note() != null && !g.note().isBlank()) {
                md.append(" (").append(g.note()).append(")");
            }
            md.append(" | ").append(g.met() == null ? "not tested" : g.met() ? "yes" : "**no**").append(" |\n");
        }

        md.append("\n## Load phases\n\n| phase | target | accepted | refused (4xx) | failed (5xx/none) "
                + "| accepted/s (median of 1 s) | HTTP p50 / p95 / p99 ms | lag p50 / p95 / p99 ms "
                + "| lag samples | never visible | CPU share of the machine | accepted per CPU second "
                + "| load average at end |\n| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- "
                + "| --- |\n");
        for (Phase p : new Phase[]{r.steady(), r.flatOut()}) {
            if (p == null) {
                continue;
            }
            md.append("| ").append(p.name()).append(" | ")
                    .append(p.targetRate() == null ? "flat out" : p.targetRate() + "/s").append(" | ")
                    .append(p.accepted()).append(" | ").append(p.refused()).append(" | ").append(p.failed())
                    .append(" | ").append(String.format("%.0f", p.acceptedPerSecondMedian())).append(" | ")
                    .append(triple(p.http())).append(" | ").append(triple(p.lag())).append(" | ")
                    .append(p.lag().samples()).append(" | ").append(p.lagNotVisible()).append(" | ")
                    .append(p.cpuShare() == null ? "-" : String.format("%.0f %%", p.cpuShare() * 100)).append(" | ")
                    .append(nullable(p.acceptedPerCpuSecond())).append(" | ").append(nullable(p.loadAverage()))
                    .append(" |\n");
        }

        md.append("\n## Dashboard queries\n\n");
        BenchmarkReport.Dashboard d = r.dashboard();
        if (d == null || d.summary() == null) {
            md.append(d == null ? "not measured" : d.status()).append("\n");
        } else {
            md.append(d.projectedSessions() == null ? "The projected courses and sessions could not be counted (see below)."
                            : "At " + d.projectedCourses() + " projected courses, " + d.projectedSessions()
                            + " projected sessions.")
                    .append("\n\n| query | samples | p50 ms | p95 ms | p99 ms |\n"
                            + "| --- | --- | --- | --- | --- |\n");
            md.append(row("`GET /api/outcomes/summary` (groupBy and filters varied)", d.summary()));
            if (d.courses() != null) {
                md.append(row("`GET /api/outcomes/courses` (filters varied)", d.courses()));
            }
            for (BenchmarkReport.QueryTiming q : d.queries()) {
                md.append(row("&nbsp;&nbsp;`" + q.query() + "`", q.latency()));
            }
            if (!"measured".equals(d.status())) {
                md.append("\nStatus: ").append(d.status()).append(".\n");
            }
            if (d.budgetNote() != null) {
                md.append("\nNot timed: ").append(d.budgetNote()).append(".\n");
            }
        }
        if (d != null && d.seeding() != null) {
            BenchmarkReport.Seeding fill = d.seeding();
            md.append("\nHow the read models were filled: ").append(fill.method()).append(". Asked for ")
                    .append(fill.requestedSessions()).append(" sessions: ").append(fill.status()).append(", ")
                    .append(fill.sessions()).append(" sessions in ").append(fill.courses()).append(" courses (")
                    .append(fill.events()).append(" events) in ").append(nullable(fill.seconds())).append(" s")
                    .append(fill.seconds() == null || fill.seconds() <= 0 ? "" : String.format(" (%.0f events/s)",
                            fill.events() / fill.seconds()))
                    .append(". The rest of the projected sessions came from the load phases through the API and "
                            + "Kafka.\n");
        }
        if (d != null && d.peakRssMiB() != null) {
            md.append("\nPeak RSS of the process after the dashboard phase (seeding included): ")
                    .append(d.peakRssMiB()).append(" MiB.\n");
        }

        md.append("\n## Rebuild and raw ceilings\n\n| figure | value |\n| --- | --- |\n");
        BenchmarkReport.Rebuild rb = r.rebuild();
        md.append("| projection rebuild from offset 0").append(rb == null || rb.eachPerSecond().size() < 2 ? ""
                : ", the fastest of " + rb.eachPerSecond().size() + " rebuilds").append(" | ")
                .append(rb == null || rb.eventsPerSecond() == null
                ? (rb == null ? "not measured" : rb.status())
                : String.format("%.0f events/s (%d events in %.1f s)", rb.eventsPerSecond(), rb.events(),
                rb.seconds())).append(" |\n");
        if (rb != null && rb.eachPerSecond().size() > 1) {
            md.append("| each rebuild, in order | ").append(rb.eachPerSecond().stream()
                    .map(rate -> String.format("%.0f", rate)).collect(Collectors.joining("; ")))
                    .append(" events/s |\n");
        }
        if (rb != null && rb.readSeconds() != null && rb.readSeconds() > 0 && rb.writeSeconds() != null
                && rb.events() != null) {
            md.append(String.format("| the rebuild's read, then its write | read from offset 0 until caught up %.2f s"
                    + " (%.0f events/s), then writing what it held %.2f s |%n", rb.readSeconds(),
                    rb.events() / rb.readSeconds(), rb.writeSeconds()));
        }
        BenchmarkReport.RawCeilings raw = r.rawCeilings();
        if (raw != null) {
            md.append("| raw MongoDB insert, one document per call | ").append(rate(raw.mongoInsertOnePerSecond(),
                    "documents/s")).append(" |\n");
            md.append("| raw MongoDB insert, insertMany in batches of 500 | ").append(rate(raw.mongoInsertManyPerSecond(),
                    "documents/s")).append(" |\n");
            md.append("| raw Kafka consume of the events topic from offset 0, the fastest of ")
                    .append(RawCeilings.CONSUME_READS).append(" reads | ")
                    .append(rate(raw.kafkaConsumePerSecond(), "records/s")).append(raw.kafkaRecords() == null ? ""
                            : " (" + raw.kafkaRecords() + " records)").append(" |\n");
            if (raw.status() != null && !raw.status().equals("measured")) {
                md.append("| note | ").append(raw.status()).append(" |\n");
            }
        }
        if (r.store() != null) {
            md.append("| events in the event store at the end | ").append(nullable(r.store().events())).append(" |\n");
            md.append("| records in the events topic at the end | ").append(nullable(r.store().topicRecords()))
                    .append(" |\n");
        }
        md.append("| peak RSS of the process | ").append(r.peakRssMiB() == null ? "not measured"
                : r.peakRssMiB() + " MiB").append(" |\n");

        md.append("\n![accepted commands/s and lag over time](").append(chartFile).append(")\n");
        if (!r.notes().isEmpty()) {
            md.append("\n## Notes\n\n");
            r.notes().forEach(n -> md.append("- ").append(n).append("\n"));
        }
        return md.toString();
    }

    private static String row(String name, Percentiles p) {
        return "| " + name + " | " + p.samples() + " | " + nullable(p.p50()) + " | " + nullable(p.p95()) + " | "
                + nullable(p.p99()) + " |\n";
    }

    private static String triple(Percentiles p) {
        return p == null || p.samples() == 0 ? "-" : p.p50() + " / " + p.p95() + " / " + p.p99();
    }

    private static String rate(Double value, String unit) {
        return value == null ? "not measured" : String.format("%.0f %s", value, unit);
    }

    private static String nullable(Object value) {
        return value == null ? "-" : value.toString();
    }

    /** Accepted commands/s (top) and lag p50/p99 (bottom) per second, the phases one after the other. */
    static void chart(BenchmarkReport r, Path png) throws IOException {
        System.setProperty("java.awt.headless", "true");
        XYSeries accepted = new XYSeries("accepted commands/s");
        XYSeries lagP50 = new XYSeries("lag p50 (ms)");
        XYSeries lagP99 = new XYSeries("lag p99 (ms)");
        int offset = 0;
        Integer boundary = null;
        for (Phase p : new Phase[]{r.steady(), r.flatOut()}) {
            if (p == null) {
                continue;
            }
            for (Timeline.Point point : p.timeline()) {
                accepted.add(offset + point.second(), point.accepted());
                if (point.lagP50Millis() != null) {
                    lagP50.add(offset + point.second(), point.lagP50Millis());
                    lagP99.add(offset + point.second(), point.lagP99Millis());
                }
            }
            offset += p.seconds();
            if (boundary == null) {
                boundary = offset;
            }
        }
        XYPlot throughput = new XYPlot(new XYSeriesCollection(accepted), null, new NumberAxis("commands/s"),
                renderer(new Color(0x1f77b4)));
        XYSeriesCollection lags = new XYSeriesCollection();
        lags.addSeries(lagP50);
        lags.addSeries(lagP99);
        XYLineAndShapeRenderer lagRenderer = renderer(new Color(0x2ca02c));
        lagRenderer.setSeriesPaint(1, new Color(0xd62728));
        lagRenderer.setSeriesStroke(1, new BasicStroke(1.5f));
        XYPlot lag = new XYPlot(lags, null, new NumberAxis("lag (ms)"), lagRenderer);
        lag.addRangeMarker(new ValueMarker(Goals.LAG_P99_MILLIS, Color.GRAY, new BasicStroke(1f)));
        CombinedDomainXYPlot combined = new CombinedDomainXYPlot(new NumberAxis(
                "seconds (" + (r.steady() == null ? "" : r.steady().targetRate() + " commands/s, then ")
                        + "flat out)"));
        combined.add(throughput, 1);
        combined.add(lag, 1);
        if (boundary != null) {
            ValueMarker phaseEnd = new ValueMarker(boundary, Color.DARK_GRAY, new BasicStroke(1f));
            throughput.addDomainMarker(phaseEnd);
            lag.addDomainMarker(phaseEnd);
        }
        JFreeChart chart = new JFreeChart("Meridian benchmark: " + r.startedAt(), JFreeChart.DEFAULT_TITLE_FONT,
                combined, true);
        chart.setBackgroundPaint(Color.WHITE);
        ChartUtils.saveChartAsPNG(png.toFile(), chart, 1000, 640);
    }

    private static XYLineAndShapeRenderer renderer(Color color) {
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        renderer.setSeriesPaint(0, color);
        renderer.setSeriesStroke(0, new BasicStroke(1.5f));
        return renderer;
    }
}
