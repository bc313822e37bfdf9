package dev.meridian.loadgen;

import com.mongodb.client.MongoCollection;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;

/**
 * Dashboard query latency: the analyst API's summary and course list, with groupings and filters varied, one query
 * at a time (what an analyst's browser does), at whatever projection size the read models hold (the load phases',
 * plus {@code --projected-sessions} when given). First every shape of both endpoints in turn, untimed, for the
 * warm-up time (at least once each): in a run that sent each shape once, the JIT compilers had 47 % of the process's
 * CPU while the queries were timed. Then the shapes in turn until {@code queries} per endpoint are timed or the
 * endpoint's time budget is spent (then fewer samples, said so).
 */
final class DashboardQueries {

    private final Benchmark.Targets targets;
    private final int queries;
    private final long budgetNanos;
    private final long warmupNanos;
    private int warmupQueries;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<BenchmarkReport.QueryTiming> timings = new ArrayList<>();
    private final List<String> cutShort = new ArrayList<>();

    DashboardQueries(Benchmark.Targets targets, int queries, int budgetSeconds, int warmupSeconds) {
        this.targets = targets;
        this.queries = queries;
        this.budgetNanos = budgetSeconds * 1_000_000_000L;
        this.warmupNanos = warmupSeconds * 1_000_000_000L;
    }

    /** Untimed queries sent before the timed ones. */
    int warmupQueries() {
        return warmupQueries;
    }

    static List<String> summaries(LocalDate today) {
        return List.of(
                "/api/outcomes/summary?groupBy=chronicity",
                "/api/outcomes/summary?groupBy=location",
                "/api/outcomes/summary?groupBy=practitioner&chronicity=CHRONIC",
                "/api/outcomes/summary?groupBy=month,chronicity&locationId=loc-aldmere",
                "/api/outcomes/summary?groupBy=location,chronicity&from=" + today.minusDays(30) + "&to=" + today,
                "/api/outcomes/summary?groupBy=month&from=" + today.minusYears(1) + "&to=" + today);
    }

    static List<String> courses(LocalDate today) {
        return List.of(
                "/api/outcomes/courses?chronicity=CHRONIC",
                "/api/outcomes/courses?locationId=loc-brackwater",
                "/api/outcomes/courses?practitionerId=pr-aldmere-1&chronicity=ACUTE",
                "/api/outcomes/courses?from=" + today.minusDays(7) + "&to=" + today,
                "/api/outcomes/courses?chronicity=SUBACUTE&page=3");
    }

    BenchmarkReport.Dashboard run() {
        LocalDate today = LocalDate.now();
        List<String> summaries = summaries(today);
        List<String> courses = courses(today);
        int probe = status(summaries.get(0));
        if (probe != 200) {
            return new BenchmarkReport.Dashboard("not available (GET /api/outcomes/summary answered " + probe + ")",
                    null, null, null, null);
        }
        Long projectedCourses = null;
        Long projectedSessions = null;
        MongoCollection<Document> outcomes = targets.courseOutcomes();
        // Counted by reading one field of each course, not with countDocuments or $group: the embedded server
        // answers an aggregation by collecting every whole document first (at 300,000 courses, more than a 1 GB
        // heap holds), a projected find by collecting the projected fields only. A few attempts, and a failure said
        // in the report rather than the run lost.
        for (int attempt = 1; outcomes != null && projectedSessions == null && attempt <= 3; attempt++) {
            try {
                long courseCount = 0;
                long sessions = 0;
                for (Document course : outcomes.find().projection(new Document("sessionsScheduled", 1))) {
                    courseCount++;
                    sessions += course.get("sessionsScheduled") instanceof Number n ? n.longValue() : 0;
                }
                projectedCourses = courseCount;
                projectedSessions = sessions;
            } catch (RuntimeException e) {
                projectedCourses = null;
                cutShort.add("counting the projected courses failed (attempt " + attempt + "): " + e.getMessage());
            }
        }
        List<String> all = new ArrayList<>(summaries);
        all.addAll(courses);
        long warmupEnd = System.nanoTime() + warmupNanos;
        do {
            status(all.get(warmupQueries % all.size()));
            warmupQueries++;
        } while (warmupQueries < all.size() || System.nanoTime() < warmupEnd);
        LatencyRecorder summary = time("summary", summaries);
        int coursesStatus = status(courses.get(0));
        LatencyRecorder courseList = coursesStatus == 200 ? time("courses", courses) : null;
        return new BenchmarkReport.Dashboard(coursesStatus == 200 ? "measured"
                : "summary measured; GET /api/outcomes/courses answered " + coursesStatus, projectedCourses,
                projectedSessions, summary.percentiles(), courseList == null ? null : courseList.percentiles(),
                null, List.copyOf(timings), cutShort.isEmpty() ? null : String.join("; ", cutShort), null);
    }

    private LatencyRecorder time(String endpoint, List<String> paths) {
        LatencyRecorder all = new LatencyRecorder();
        Map<String, LatencyRecorder> byPath = new LinkedHashMap<>();
        paths.forEach(p -> byPath.put(p, new LatencyRecorder()));
        long deadline = System.nanoTime() + budgetNanos;
        int timed = 0;
        Map<Integer, Integer> failures = new java.util.TreeMap<>();
        while (timed < queries && System.nanoTime() < deadline) {
            String path = paths.get(timed % paths.size());
            long start = System.nanoTime();
            int status = status(path);
            long took = System.nanoTime() - start;
            if (status == 200) {
                all.record(took);
                byPath.get(path).record(took);
            } else {
                failures.merge(status, 1, Integer::sum);
            }
            timed++;
        }
        if (!failures.isEmpty()) {
            // Not timed, and not hidden: answers other than 200 by status (-1: no answer).
            cutShort.add(endpoint + ": " + failures.values().stream().mapToInt(Integer::intValue).sum() + " of "
                    + timed + " queries answered other than 200 " + failures);
        }
        if (timed < queries) {
            cutShort.add(endpoint + ": " + timed + " of " + queries + " queries timed within the "
                    + budgetNanos / 1_000_000_000L + " s budget");
        }
        byPath.forEach((path, recorder) -> timings.add(new BenchmarkReport.QueryTiming(path, recorder.percentiles())));
        return all;
    }

    private int status(String path) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(targets.outcomes + path))
                    .header("Accept", "application/json").timeout(Duration.ofSeconds(120)).GET();
            if (targets.token() != null) {
                request.header("Authorization", "Bearer " + targets.token());
            }
            return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (java.io.IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
