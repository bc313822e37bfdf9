package dev.meridian.loadgen;

import dev.meridian.loadgen.BenchmarkReport.Goal;
import java.util.ArrayList;
import java.util.List;

/** The goals of issue 5 (2-core machine, embedded defaults), judged against one run. */
final class Goals {

    static final double COMMANDS_PER_SECOND = 1000;
    static final double LAG_P99_MILLIS = 250;
    static final double REBUILD_SHARE_OF_RAW = 0.5;
    static final double DASHBOARD_P95_MILLIS = 30;
    static final long DASHBOARD_SESSIONS = 1_000_000;
    static final long RSS_MIB = 1536;

    private Goals() {
    }

    static List<Goal> evaluate(BenchmarkReport.Phase steady, BenchmarkReport.Phase flatOut,
                               BenchmarkReport.Dashboard dashboard, BenchmarkReport.Rebuild rebuild,
                               BenchmarkReport.RawCeilings raw, Long peakRssMiB, String rssScope) {
        List<Goal> goals = new ArrayList<>();
        goals.add(flatOut == null
                ? new Goal("Accepted commands/s (median of 1 s windows, flat out)", ">= 1,000", "not measured", null, "")
                : new Goal("Accepted commands/s (median of 1 s windows, flat out)", ">= 1,000",
                String.format("%.0f", flatOut.acceptedPerSecondMedian()),
                flatOut.acceptedPerSecondMedian() >= COMMANDS_PER_SECOND, ""));
        Double lagP99 = steady == null ? null : steady.lag().p99();
        goals.add(new Goal("Command -> visible in outcomes-service, p99, at " + (steady == null ? "?"
                : steady.targetRate()) + " commands/s", "<= 250 ms at 200 commands/s",
                lagP99 == null ? "not measured" : ms(lagP99),
                lagP99 == null ? null : lagP99 <= LAG_P99_MILLIS && steady.lagNotVisible() == 0,
                steady == null ? "" : steady.lagNotVisible() > 0 ? steady.lagNotVisible() + " never visible" : ""));
        if (rebuild != null && rebuild.eventsPerSecond() != null && raw != null
                && raw.kafkaConsumePerSecond() != null) {
            double share = rebuild.eventsPerSecond() / raw.kafkaConsumePerSecond();
            // Like with like (decision 0030): the fastest rebuild against the fastest read; the first rebuild, the one
            // a service runs after it was started, beside it.
            Double first = rebuild.firstPerSecond();
            goals.add(new Goal("Projection rebuild rate / raw Kafka consume rate", ">= 50 %",
                    String.format("%.0f / %.0f events/s = %.1f %%", rebuild.eventsPerSecond(),
                            raw.kafkaConsumePerSecond(), share * 100), share >= REBUILD_SHARE_OF_RAW,
                    rebuild.eachPerSecond().size() < 2 || first == null ? ""
                            : String.format("the fastest of %d rebuilds against the fastest of %d reads; the first "
                                    + "rebuild %.0f events/s = %.1f %%", rebuild.eachPerSecond().size(),
                            RawCeilings.CONSUME_READS, first, 100 * first / raw.kafkaConsumePerSecond())));
        } else {
            goals.add(new Goal("Projection rebuild rate / raw Kafka consume rate", ">= 50 %", "not measured", null,
                    rebuild == null ? "" : rebuild.status()));
        }
        Double p95 = dashboard == null || dashboard.summary() == null ? null : worst(dashboard.summary().p95(),
                dashboard.courses() == null ? null : dashboard.courses().p95());
        boolean atScale = dashboard != null && dashboard.projectedSessions() != null
                && dashboard.projectedSessions() >= DASHBOARD_SESSIONS;
        goals.add(new Goal("Dashboard query p95 (summary and courses, with filters)", "<= 30 ms at 1 M sessions",
                p95 == null ? "not measured" : ms(p95) + (dashboard.projectedSessions() == null
                        ? " (the projected sessions could not be counted)"
                        : " at " + dashboard.projectedSessions() + " sessions"),
                p95 == null ? null : atScale ? p95 <= DASHBOARD_P95_MILLIS : null,
                p95 == null ? (dashboard == null ? "" : dashboard.status())
                        : atScale ? "" : "not at 1 M sessions: goal not tested by this run"));
        goals.add(new Goal("Peak RSS of the process", "<= 1.5 GB (local stack)",
                peakRssMiB == null ? "not measured" : peakRssMiB + " MiB",
                peakRssMiB == null ? null : peakRssMiB <= RSS_MIB,
                rssScope));
        return goals;
    }

    private static Double worst(Double a, Double b) {
        if (a == null) {
            return b;
        }
        return b == null ? a : Math.max(a, b);
    }

    private static String ms(double millis) {
        return String.format("%.1f ms", millis);
    }
}
