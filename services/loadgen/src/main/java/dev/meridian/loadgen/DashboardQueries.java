package dev.meridian.loadgen;

import com.mongodb.client.MongoCollection;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import org.bson.Document;

/**
 * Dashboard query latency: the analyst API's summary and course list, with groupings and filters varied, one query
 * at a time (what an analyst's browser does), after the load phases, at whatever projection size they reached.
 */
final class DashboardQueries {

    private static final int WARM_UP = 20;

    private final Benchmark.Targets targets;
    private final int queries;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    DashboardQueries(Benchmark.Targets targets, int queries) {
        this.targets = targets;
        this.queries = queries;
    }

    BenchmarkReport.Dashboard run() {
        LocalDate today = LocalDate.now();
        List<String> summaries = List.of(
                "/api/outcomes/summary?groupBy=chronicity",
                "/api/outcomes/summary?groupBy=location",
                "/api/outcomes/summary?groupBy=practitioner&chronicity=CHRONIC",
                "/api/outcomes/summary?groupBy=month,chronicity&locationId=loc-aldmere",
                "/api/outcomes/summary?groupBy=location,chronicity&from=" + today.minusDays(30) + "&to=" + today);
        List<String> courses = List.of(
                "/api/outcomes/courses?chronicity=CHRONIC",
                "/api/outcomes/courses?locationId=loc-brackwater",
                "/api/outcomes/courses?practitionerId=pr-aldmere-1&chronicity=ACUTE",
                "/api/outcomes/courses?from=" + today.minusDays(7) + "&to=" + today);
        int probe = status(summaries.get(0));
        if (probe != 200) {
            return new BenchmarkReport.Dashboard("not available yet (GET /api/outcomes/summary answered " + probe + ")",
                    null, null, null, null);
        }
        Long projectedCourses = null;
        Long projectedSessions = null;
        MongoCollection<Document> outcomes = targets.courseOutcomes();
        if (outcomes != null) {
            projectedCourses = outcomes.countDocuments();
            Document sum = outcomes.aggregate(List.of(new Document("$group", new Document("_id", null)
                    .append("sessions", new Document("$sum", "$sessionsScheduled"))))).first();
            projectedSessions = sum == null ? 0L : ((Number) sum.get("sessions")).longValue();
        }
        LatencyRecorder summary = time(summaries);
        int coursesStatus = status(courses.get(0));
        LatencyRecorder courseList = coursesStatus == 200 ? time(courses) : null;
        return new BenchmarkReport.Dashboard(coursesStatus == 200 ? "measured"
                : "summary measured; GET /api/outcomes/courses answered " + coursesStatus, projectedCourses,
                projectedSessions, summary.percentiles(), courseList == null ? null : courseList.percentiles());
    }

    private LatencyRecorder time(List<String> paths) {
        LatencyRecorder recorder = new LatencyRecorder();
        for (int i = 0; i < WARM_UP + queries; i++) {
            String path = paths.get(i % paths.size());
            long start = System.nanoTime();
            int status = status(path);
            long took = System.nanoTime() - start;
            if (i >= WARM_UP && status == 200) {
                recorder.record(took);
            }
        }
        return recorder;
    }

    private int status(String path) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(targets.outcomes + path))
                    .header("Accept", "application/json").header("Authorization", "Bearer " + targets.token())
                    .timeout(Duration.ofSeconds(30)).GET().build();
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (java.io.IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
