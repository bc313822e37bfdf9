package dev.meridian.loadgen;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import java.util.stream.Collectors;

/** Projection rebuild from offset 0 through outcomes-service's rebuild endpoint, timed until it reports done. */
final class RebuildMeasurement {

    static final String PATH = "/api/projections/rebuild";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Benchmark.Targets targets;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    RebuildMeasurement(Benchmark.Targets targets) {
        this.targets = targets;
    }

    /**
     * Asks for the rebuild's progress once, untimed: the service's first authenticated request initializes its
     * servlet and fetches the token keys (0.4-0.9 s on this machine, profiled), which is not the rebuild's cost.
     * The full benchmark (whose outcomes-service has answered no HTTP request before) and the rebuild tool call this
     * first.
     */
    void warmUp() throws Exception {
        HttpResponse<String> answer = send(HttpRequest.newBuilder(URI.create(targets.outcomes + PATH)).GET());
        if (answer.statusCode() / 100 != 2) {
            throw new IllegalStateException("GET " + PATH + " answered " + answer.statusCode());
        }
    }

    /**
     * How often the rebuild's progress is asked for. Every 50 ms (until the twenty-second run) made the service
     * compile its whole HTTP and security filter chain while the rebuild ran: on the benchmark's stack a third of
     * the JIT's C2 compilations during a 5.7 s rebuild, about 1.6 s of 4.8 s, on a machine of two cores (JFR
     * compilation events, 2026-12-05). An operator's dashboard asks about once a second. The time is the service's
     * own (below), so polling less does not make it coarser.
     */
    static final long POLL_INTERVAL_MILLIS = 1_000;

    /**
     * Rebuilds timed one after the other. The figure is the fastest, as the consume ceiling is the fastest of
     * {@link RawCeilings#CONSUME_READS} reads (decision 0030): like with like. A single rebuild's time depends on
     * what the JIT has compiled and where the collector's full collection falls.
     */
    static final int REBUILDS = 3;

    /**
     * Runs {@code rebuilds} rebuilds, {@code before} (given the rebuild's number, from 2) before each after the
     * first, and reports the fastest with every rate. A rebuild that fails or cannot be timed is the result: the
     * others do not hide it.
     *
     * @param note told how the rebuilds were timed and how fast each was
     */
    BenchmarkReport.Rebuild fastestOf(int rebuilds, IntConsumer before, Consumer<String> note) {
        List<BenchmarkReport.Rebuild> timed = new ArrayList<>();
        for (int i = 0; i < rebuilds; i++) {
            if (i > 0) {
                before.accept(i + 1);
            }
            BenchmarkReport.Rebuild rebuild = run(i == 0 ? note : ignored -> { });
            if (rebuild.eventsPerSecond() == null) {
                note.accept(String.format("Rebuild %d of %d: %s.", i + 1, rebuilds, rebuild.status()));
                return rebuild;
            }
            timed.add(rebuild);
        }
        BenchmarkReport.Rebuild fastest = fastest(timed);
        note.accept(String.format("Rebuilds: %d from offset 0, one after the other, %s events/s; the figure is the "
                + "fastest (decision 0030).", rebuilds, fastest.eachPerSecond().stream()
                .map(rate -> String.format("%,.0f", rate)).collect(Collectors.joining(", "))));
        return fastest;
    }

    /** The fastest of rebuilds that were all timed, with every one's rate in order. */
    static BenchmarkReport.Rebuild fastest(List<BenchmarkReport.Rebuild> timed) {
        return timed.stream().max(Comparator.comparingDouble(BenchmarkReport.Rebuild::eventsPerSecond))
                .orElseThrow(() -> new IllegalArgumentException("no rebuild was timed"))
                .withEachPerSecond(timed.stream().map(BenchmarkReport.Rebuild::eventsPerSecond).toList());
    }

    /**
     * Runs a rebuild through the endpoint until it reports {@code COMPLETED}. Its duration is the service's own,
     * from its answer's {@code startedAt} (when the start was asked for) to {@code finishedAt} (when the rebuilt
     * collections went live); without them, from before the POST to the poll that saw it done.
     *
     * @param note told how the rebuild was timed (the report's notes)
     */
    BenchmarkReport.Rebuild run(Consumer<String> note) {
        try {
            long start = System.nanoTime();
            HttpResponse<String> started = send(HttpRequest.newBuilder(URI.create(targets.outcomes + PATH))
                    .POST(HttpRequest.BodyPublishers.noBody()));
            if (started.statusCode() / 100 != 2) {
                return new BenchmarkReport.Rebuild("not available yet (POST " + PATH + " answered "
                        + started.statusCode() + ")", null, null, null);
            }
            long deadline = start + 600_000_000_000L;
            JsonNode status = JSON.readTree(started.body().isBlank() ? "{}" : started.body());
            while (!done(status) && !failed(status) && System.nanoTime() < deadline) {
                LockSupport.parkNanos(POLL_INTERVAL_MILLIS * 1_000_000L);
                HttpResponse<String> polled = send(HttpRequest.newBuilder(URI.create(targets.outcomes + PATH)).GET());
                if (polled.statusCode() / 100 != 2) {
                    return new BenchmarkReport.Rebuild("progress not available (GET " + PATH + " answered "
                            + polled.statusCode() + ")", null, null, null);
                }
                status = JSON.readTree(polled.body());
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            if (failed(status)) {
                return new BenchmarkReport.Rebuild("failed: " + status.path("error").asText("the service gave no"
                        + " reason"), null, null, null);
            }
            if (!done(status)) {
                return new BenchmarkReport.Rebuild("did not finish within 10 minutes: " + status, null, seconds, null);
            }
            Double serviceSeconds = serviceSeconds(status);
            note.accept(serviceSeconds != null
                    ? String.format("Rebuild: timed by the service's clock, from its progress answer's startedAt to "
                            + "finishedAt (decision 0029); progress asked for every %d ms, the benchmark saw it done "
                            + "after %.1f s.", POLL_INTERVAL_MILLIS, seconds)
                    : String.format("Rebuild: the progress answer gave no startedAt and finishedAt; timed by the "
                            + "benchmark, from before its POST to the poll (every %d ms) that saw it done.",
                            POLL_INTERVAL_MILLIS));
            if (serviceSeconds != null) {
                seconds = serviceSeconds;
            }
            Long events = events(status);
            return new BenchmarkReport.Rebuild("measured", events, Math.round(seconds * 100) / 100.0,
                    events == null ? null : events / seconds, between(status, "startedAt", "caughtUpAt"),
                    between(status, "caughtUpAt", "writtenAt"));
        } catch (Exception e) {
            return new BenchmarkReport.Rebuild("failed: " + e, null, null, null);
        }
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        if (targets.token() != null) {
            // outcomes-service is a resource server: the same development token as the staff API's.
            request.header("Authorization", "Bearer " + targets.token());
        }
        return http.send(request.header("Accept", "application/json").timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Whether the progress answer says the rebuild completed (its collections live). */
    static boolean done(JsonNode status) {
        return "COMPLETED".equals(status.path("state").asText());
    }

    /** Whether it says the rebuild failed (its {@code error} says why; the live read models are unchanged). */
    static boolean failed(JsonNode status) {
        return "FAILED".equals(status.path("state").asText());
    }

    /** The rebuild's duration by the service's clock ({@code startedAt} to {@code finishedAt}), or null. */
    static Double serviceSeconds(JsonNode status) {
        return between(status, "startedAt", "finishedAt");
    }

    /**
     * Seconds between two instants of the progress answer, or null when either is missing or unreadable or they
     * are out of order. The service reports when the rebuild first caught up ({@code caughtUpAt}) and when it had
     * written what it held ({@code writtenAt}): its read and its write.
     */
    static Double between(JsonNode status, String from, String to) {
        try {
            Instant start = Instant.parse(status.path(from).asText(""));
            Instant end = Instant.parse(status.path(to).asText(""));
            return end.isBefore(start) ? null : Duration.between(start, end).toNanos() / 1e9;
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** The records the rebuild read ({@code recordsProcessed}), or null when the answer does not say. */
    static Long events(JsonNode status) {
        JsonNode processed = status.path("recordsProcessed");
        return processed.isNumber() ? processed.asLong() : null;
    }
}
