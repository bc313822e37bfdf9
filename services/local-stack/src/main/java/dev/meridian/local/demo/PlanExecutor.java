package dev.meridian.local.demo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.IntConsumer;

/**
 * Sends a plan to a running practice-service over its public HTTP API. Scripts run concurrently on a bounded pool
 * of workers; the calls inside a script run in order, each path filled in with the ids earlier calls returned.
 * A script whose call is refused stops there (its later calls would depend on it) and is counted as failed.
 */
public final class PlanExecutor {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int ATTEMPTS = 3;

    private final URI practiceBaseUri;
    private final int workers;
    private final HttpClient http;
    private final CallObserver observer;
    private final Pacer pacer;

    /**
     * @param practiceBaseUri e.g. {@code http://localhost:8080}
     * @param workers         scripts in flight at once (each worker has at most one request open)
     * @param observer        sees every finished call
     * @param pacer           asked before every call; {@link Pacer#NONE} for flat out
     */
    private volatile String bearerToken;

    public PlanExecutor(URI practiceBaseUri, int workers, CallObserver observer, Pacer pacer) {
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be >= 1");
        }
        this.practiceBaseUri = practiceBaseUri;
        this.workers = workers;
        this.observer = observer;
        this.pacer = pacer;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    /**
     * Sends every call with this bearer token (the APIs require one); {@code null} sends none.
     *
     * @return this executor
     */
    public PlanExecutor authorizedBy(String bearerToken) {
        this.bearerToken = bearerToken;
        return this;
    }

    /** Runs every script of the plan; {@code progress} is told the number of finished calls after each one. */
    public Result execute(DemoPlan plan, IntConsumer progress) {
        Iterator<PatientScript> scripts = plan.scripts().iterator();
        return run(() -> {
            synchronized (scripts) {
                return scripts.hasNext() ? scripts.next() : null;
            }
        }, () -> false, progress);
    }

    /**
     * Runs scripts from {@code source} until it returns {@code null} or {@code stop} says so (checked before each
     * call, so a script may be left half-done: the benchmark does not care).
     */
    public Result run(ScriptSource source, BooleanSupplier stop, IntConsumer progress) {
        AtomicInteger calls = new AtomicInteger();
        AtomicInteger scriptsDone = new AtomicInteger();
        AtomicInteger failedScripts = new AtomicInteger();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        ExecutorService pool = Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "demo-plan-worker");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> running = new java.util.ArrayList<>();
            for (int w = 0; w < workers; w++) {
                running.add(pool.submit(() -> {
                    PatientScript script;
                    while (!stop.getAsBoolean() && (script = source.next()) != null) {
                        boolean accepted;
                        try {
                            accepted = runScript(script, stop, calls, progress, failures);
                        } catch (RuntimeException e) {
                            // An unreadable answer stops this script only; the others go on.
                            failures.add("patient " + script.index() + ": " + e.getMessage());
                            accepted = false;
                        }
                        if (accepted) {
                            scriptsDone.incrementAndGet();
                        } else {
                            failedScripts.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : running) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while sending the plan", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("A plan worker failed", e.getCause());
        } finally {
            pool.shutdownNow();
        }
        return new Result(calls.get(), scriptsDone.get(), failedScripts.get(), List.copyOf(failures));
    }

    /** @return whether every call of the script was accepted */
    private boolean runScript(PatientScript script, BooleanSupplier stop, AtomicInteger calls, IntConsumer progress,
                              ConcurrentLinkedQueue<String> failures) {
        Map<String, String> bound = new HashMap<>();
        for (ApiCall call : script.calls()) {
            if (stop.getAsBoolean()) {
                return true;
            }
            int status = send(script, call, bound);
            progress.accept(calls.incrementAndGet());
            if (status < 200 || status > 299) {
                if (failures.size() < 20) {
                    failures.add(call.kind() + " " + call.path() + " -> " + status);
                }
                return false;
            }
        }
        return true;
    }

    private int send(PatientScript script, ApiCall call, Map<String, String> bound) {
        HttpRequest request = request(call, bound);
        int status = -1;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            pacer.awaitTurn();
            long start = System.nanoTime();
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                status = response.statusCode();
                if (status >= 200 && status < 300 && call.binds() != null) {
                    bound.put(call.binds(), idFrom(response.body(), call.kind().idField()));
                }
                observer.completed(script, call, bound, status, start, System.nanoTime());
                // A lost optimistic-concurrency race or a busy server is worth another try; the rest is final.
                if (status != 409 && status != 503) {
                    return status;
                }
            } catch (IOException e) {
                observer.completed(script, call, bound, -1, start, System.nanoTime());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return -1;
            }
        }
        return status;
    }

    private HttpRequest request(ApiCall call, Map<String, String> bound) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(practiceBaseUri.resolve(call.resolvePath(bound)))
                .timeout(Duration.ofSeconds(30))
                .header("Accept", "application/json");
        if (bearerToken != null) {
            builder.header("Authorization", "Bearer " + bearerToken);
        }
        if (call.body() == null) {
            builder.method(call.method(), HttpRequest.BodyPublishers.noBody());
        } else {
            builder.header("Content-Type", "application/json")
                    .method(call.method(), HttpRequest.BodyPublishers.ofString(toJson(call.body())));
        }
        return builder.build();
    }

    static String toJson(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Cannot write JSON", e);
        }
    }

    private static String idFrom(String body, String field) {
        try {
            JsonNode node = JSON.readTree(body);
            JsonNode id = node == null ? null : node.get(field);
            if (id == null || !id.isTextual()) {
                throw new IllegalStateException("Response has no " + field + ": " + body);
            }
            return id.asText();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Response is not JSON: " + body, e);
        }
    }

    /** Supplies scripts to the workers; thread-safe; {@code null} when there are no more. */
    @FunctionalInterface
    public interface ScriptSource {
        PatientScript next();
    }

    /** Paces requests (the benchmark's target rate); called by each worker before each request. */
    @FunctionalInterface
    public interface Pacer {
        Pacer NONE = () -> { };

        void awaitTurn();
    }

    /**
     * @param calls          requests that got an answer or gave up
     * @param scripts        scripts that ran to their end (or to the stop signal) with every call accepted
     * @param failedScripts  scripts stopped by a refused call
     * @param sampleFailures the first few refusals, for the console
     */
    public record Result(int calls, int scripts, int failedScripts, List<String> sampleFailures) {
    }
}
