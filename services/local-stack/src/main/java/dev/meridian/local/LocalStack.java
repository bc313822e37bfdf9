package dev.meridian.local;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.meridian.embedded.EmbeddedKafka;
import dev.meridian.embedded.EmbeddedMongo;
import dev.meridian.security.Role;
import dev.meridian.security.TokenIssuer;
import dev.meridian.local.demo.ApiCall;
import dev.meridian.local.demo.CallObserver;
import dev.meridian.local.demo.DemoGenerator;
import dev.meridian.local.demo.DemoParameters;
import dev.meridian.local.demo.DemoPlan;
import dev.meridian.local.demo.PlanExecutor;
import dev.meridian.outcomes.OutcomesServiceApplication;
import dev.meridian.practice.PracticeServiceApplication;
import java.io.PrintStream;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.Banner;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The whole system in one JVM: the embedded MongoDB-wire server (H2 file) and Kafka broker keeping their data in
 * the data directory, practice-service and outcomes-service as two Spring contexts, and the demo clinic network
 * seeded once through the public HTTP API.
 *
 * <p>{@link #close()} stops in the order that loses nothing acknowledged: the services first (practice-service
 * stops taking commands and its publisher stores its last token; outcomes-service commits what it applied), then
 * Kafka, then MongoDB, whose H2 backend flushes and closes its file.
 */
public final class LocalStack implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LocalStack.class);

    private final LocalStackOptions options;
    private final DataDirectory data;
    private final List<String> extraArgs;
    private static final java.time.Duration TOKEN_LIFETIME = java.time.Duration.ofHours(12);

    private ConfigurableApplicationContext practice;
    private String staffToken;
    private String analystToken;
    private ConfigurableApplicationContext outcomes;
    private boolean closed;
    private final List<Consumer<String>> storeFailureReports = new CopyOnWriteArrayList<>();

    private LocalStack(LocalStackOptions options, DataDirectory data, List<String> extraArgs) {
        this.options = options;
        this.data = data;
        this.extraArgs = extraArgs;
    }

    /** Starts the servers and both services (no seeding yet: see {@link #seedIfNew}). */
    public static LocalStack start(LocalStackOptions options) {
        return start(options, Map.of(), Map.of());
    }

    /**
     * @param practiceProperties extra Spring properties for practice-service (tests isolate databases and topics)
     * @param outcomesProperties the same for outcomes-service
     */
    public static LocalStack start(LocalStackOptions options, Map<String, String> practiceProperties,
                                   Map<String, String> outcomesProperties) {
        System.setProperty("axoniq.update-checker.disabled", "true");
        DataDirectory data = DataDirectory.open(options.dataDir(), options.fresh());
        List<String> args = new ArrayList<>();
        args.add("--meridian.embedded.data-dir=" + data.path());
        LocalStack stack = new LocalStack(options, data, List.copyOf(args));
        try {
            // The local profile brings the development token issuer and the development master key.
            stack.practice = stack.startService(PracticeServiceApplication.class, options.practicePort(),
                    asArgs(practiceProperties), "--spring.profiles.active=local");
            TokenIssuer issuer = stack.practice.getBean(TokenIssuer.class);
            stack.staffToken = issuer.issue("demo-seeder", Role.NETWORK_ADMIN, List.of(), TOKEN_LIFETIME);
            stack.analystToken = issuer.issue("dev-analyst", Role.ANALYST, List.of(), TOKEN_LIFETIME);
            String serviceToken = issuer.issue("outcomes-service", Role.SERVICE, List.of(), TOKEN_LIFETIME);
            // outcomes-service asks practice-service for republishes and stream positions (gap healing).
            Map<String, String> outcomesSettings = new LinkedHashMap<>();
            // A laptop under load commits late more often than a server: streams the publisher skipped are found
            // within a minute rather than ten. One process, one clock: the checks between full ones need only cover
            // commits that come late, not clocks that differ, so they read 40 s of events instead of 90, and the
            // full check (0.4 s at 56,000 events) finds anything later within ten minutes rather than an hour. The
            // service's own environment variables still win, and the caller's properties over all.
            localDefault(outcomesSettings, "meridian.outcomes.reconciliation.interval",
                    "OUTCOMES_RECONCILIATION_INTERVAL", "PT30S");
            localDefault(outcomesSettings, "meridian.outcomes.reconciliation.overlap",
                    "OUTCOMES_RECONCILIATION_OVERLAP", "PT10S");
            localDefault(outcomesSettings, "meridian.outcomes.reconciliation.full-interval",
                    "OUTCOMES_RECONCILIATION_FULL_INTERVAL", "PT10M");
            outcomesSettings.putAll(outcomesProperties);
            stack.outcomes = stack.startService(OutcomesServiceApplication.class, options.outcomesPort(),
                    asArgs(outcomesSettings), "--meridian.practice.base-url=" + stack.practiceUri(),
                    "--meridian.practice.service-token=" + serviceToken,
                    // It trusts the development issuer as it would an identity provider: by its published JWK
                    // set. It has no issuer of its own, and no local profile.
                    "--meridian.security.issuer-uri=" + issuer.issuer(),
                    "--meridian.security.jwk-set-uri=" + stack.practiceUri() + "/dev/jwks.json",
                    "--spring.autoconfigure.exclude=" + String.join(",", outcomesExclusions()));
            EmbeddedMongo.onStoreFailure(stack::storeFailed); // (not called with MONGODB_URI: no embedded store)
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
        return stack;
    }

    /** The local stack's value for a property, unless the environment variable the service reads it from is set. */
    private static void localDefault(Map<String, String> settings, String property, String environmentVariable,
                                     String value) {
        if (System.getenv(environmentVariable) == null) {
            settings.put(property, value);
        }
    }

    private static String[] asArgs(Map<String, String> properties) {
        return properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
    }

    private ConfigurableApplicationContext startService(Class<?> application, int port, String[] properties,
                                                        String... more) {
        List<String> args = new ArrayList<>(extraArgs);
        args.add("--server.port=" + port);
        args.addAll(List.of(more));
        args.addAll(List.of(properties));
        return new SpringApplicationBuilder(application)
                .bannerMode(Banner.Mode.OFF)
                // The stack owns the stop order; a context must not close itself in a JVM shutdown hook.
                .registerShutdownHook(false)
                .run(args.toArray(String[]::new));
    }

    /**
     * Axon's Spring Boot auto-configurations, found on the class path. practice-service brings Axon onto the
     * stack's class path; outcomes-service uses no Axon, so its context must not get an event bus, processors or
     * a token store of its own.
     */
    static List<String> outcomesExclusions() {
        return axonAutoConfigurations();
    }

    static List<String> axonAutoConfigurations() {
        List<String> names = new ArrayList<>();
        try {
            var resources = LocalStack.class.getClassLoader().getResources(
                    "META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports");
            while (resources.hasMoreElements()) {
                try (var in = resources.nextElement().openStream()) {
                    new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).lines()
                            .map(String::trim)
                            .filter(l -> l.startsWith("org.axonframework."))
                            .forEach(names::add);
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("Cannot list auto-configurations", e);
        }
        return names;
    }

    /** A network-admin token from the development issuer: what the demo seeder and the benchmark send. */
    public String staffToken() {
        return staffToken;
    }

    /** An analyst's token from the development issuer: for the dashboard link and curl lines of the welcome. */
    public String analystToken() {
        return analystToken;
    }

    public URI practiceUri() {
        return URI.create("http://localhost:" + port(practice));
    }

    public URI outcomesUri() {
        return URI.create("http://localhost:" + port(outcomes));
    }

    /** The MongoDB the services use (the embedded server's, or MONGODB_URI's), without its credentials if any. */
    public String mongoUri() {
        return practice.getEnvironment().getProperty("spring.data.mongodb.uri", "")
                .replaceFirst("//[^/@]*@", "//***@");
    }

    /** The Kafka brokers the services use (the embedded broker's, or KAFKA_BOOTSTRAP_SERVERS's). */
    public String kafkaBootstrapServers() {
        return practice.getEnvironment().getProperty("spring.kafka.bootstrap-servers", "");
    }

    public ConfigurableApplicationContext practiceContext() {
        return practice;
    }

    public ConfigurableApplicationContext outcomesContext() {
        return outcomes;
    }

    public java.nio.file.Path dataDir() {
        return data.path();
    }

    /** The seed marker of this data directory, if demo data was (or began to be) seeded into it. */
    public Optional<ObjectNode> seedMarker() {
        return data.marker();
    }

    private static int port(ConfigurableApplicationContext context) {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    /**
     * Seeds the demo clinic network unless this data directory was seeded before (the marker says so), or demo
     * data is off. A seeding that was interrupted is not repeated (it would duplicate patients): the console says
     * to start {@code --fresh}.
     *
     * @return what was seeded now; empty when nothing was
     */
    public Optional<SeedReport> seedIfNew(PrintStream console, boolean interactive) {
        if (!options.demoData()) {
            return Optional.empty();
        }
        Optional<ObjectNode> marker = data.marker();
        if (marker.isPresent()) {
            String status = marker.get().path("status").asText();
            if (!"SEEDED".equals(status)) {
                console.println("A previous demo seeding in " + data.path() + " did not finish; not seeding again."
                        + " Start with --fresh for a clean demo network.");
            }
            return Optional.empty();
        }
        DemoParameters parameters = DemoParameters.defaults(options.seed(), options.patients());
        DemoPlan plan = new DemoGenerator(parameters).plan();
        ObjectNode started = DataDirectory.newMarker();
        started.put("status", "SEEDING");
        started.put("seed", parameters.seed());
        started.put("patients", parameters.patients());
        started.put("startedAt", Instant.now().toString());
        data.writeMarker(started);

        console.printf("Seeding the demo clinic network: %d patients, %d courses, %d API calls (seed %d)%n",
                parameters.patients(), plan.courses().size(), plan.callCount(), parameters.seed());
        ProgressBar bar = new ProgressBar(console, "Seeding", plan.callCount(), interactive, System::nanoTime);
        SampleIds samples = new SampleIds();
        long began = System.nanoTime();
        PlanExecutor.Result result = new PlanExecutor(practiceUri(), options.workers(), samples,
                PlanExecutor.Pacer.NONE).authorizedBy(staffToken).execute(plan, bar::update);
        bar.finish(result.calls());
        double seconds = (System.nanoTime() - began) / 1e9;
        if (result.failedScripts() > 0) {
            console.printf("%d of %d patients' scripts were refused part-way; first refusals: %s%n",
                    result.failedScripts(), plan.scripts().size(), result.sampleFailures());
        }
        ObjectNode done = started.deepCopy();
        done.put("status", "SEEDED");
        done.put("courses", plan.courses().size());
        done.put("closedCourses", plan.closedCourseCount());
        done.put("completedSessions", plan.completedSessionCount());
        done.put("calls", result.calls());
        done.put("failedScripts", result.failedScripts());
        done.put("seconds", Math.round(seconds * 10) / 10.0);
        samples.first(ApiCall.Kind.REGISTER_PATIENT).ifPresent(id -> done.put("samplePatientId", id));
        samples.first(ApiCall.Kind.OPEN_COURSE).ifPresent(id -> done.put("sampleCourseId", id));
        samples.first(ApiCall.Kind.SCHEDULE_SESSION).ifPresent(id -> done.put("sampleSessionId", id));
        done.put("finishedAt", Instant.now().toString());
        data.writeMarker(done);
        return Optional.of(new SeedReport(plan, result, seconds, samples.courseIds()));
    }

    /**
     * Calls the report, once the stack has stopped, with what to tell the user if the embedded MongoDB store fails
     * for good ({@link #storeFailed}). The local stack's main prints it and exits with status 1.
     */
    public void whenStoreFails(Consumer<String> report) {
        storeFailureReports.add(report);
    }

    /**
     * The embedded MongoDB store failed for good (H2 could not write a chunk, out of heap or disk, and closed it):
     * every command, projection and query would fail from now on, while the services still looked alive. So the
     * stack stops, in its usual order, and says why. What the store committed before (about once a second) is kept.
     */
    void storeFailed(Throwable cause) {
        String message = storeFailureMessage(cause, data.path());
        log.error(message);
        close();
        storeFailureReports.forEach(report -> report.accept(message));
    }

    static String storeFailureMessage(Throwable cause, java.nio.file.Path dataDir) {
        Throwable root = cause;
        boolean outOfHeap = false;
        for (Throwable t = cause; t != null; t = t.getCause()) {
            outOfHeap |= t instanceof OutOfMemoryError;
            root = t;
        }
        return "Meridian stopped: its embedded MongoDB store failed and closed (" + root + "), so nothing more"
                + " could be stored. What it had committed, up to about a second before, is kept in " + dataDir
                + "; start again on the same data directory to go on."
                + (outOfHeap ? " The heap ran out: the store's in-memory index and caches grow with the stored"
                        + " events, so give the stack more heap than before (for example -Xmx1536m instead of"
                        + " -Xmx896m; docs/local-stack.md, \"Memory and the collector\")."
                        : " The log above has H2's reason.");
    }

    /** Stops everything, in the order that loses nothing acknowledged. Safe to call more than once. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        closeQuietly("practice-service", practice);
        closeQuietly("outcomes-service", outcomes);
        try {
            EmbeddedKafka.stop();
        } catch (RuntimeException e) {
            log.warn("Stopping the embedded Kafka broker failed", e);
        }
        try {
            EmbeddedMongo.stop();
        } catch (RuntimeException e) {
            log.warn("Stopping the embedded MongoDB server failed", e);
        }
        data.close();
    }

    private static void closeQuietly(String name, ConfigurableApplicationContext context) {
        if (context == null) {
            return;
        }
        try {
            context.close();
        } catch (RuntimeException e) {
            log.warn("Stopping {} failed", name, e);
        }
    }

    /**
     * @param plan      what was sent
     * @param result    how it went
     * @param seconds   how long it took
     * @param courseIds the ids of every course the server created
     */
    public record SeedReport(DemoPlan plan, PlanExecutor.Result result, double seconds, List<String> courseIds) {
    }

    /** Collects the ids the server returned, for the marker's sample curl lines and for tests. */
    private static final class SampleIds implements CallObserver {
        private final ConcurrentLinkedQueue<String> patients = new ConcurrentLinkedQueue<>();
        private final ConcurrentLinkedQueue<String> courses = new ConcurrentLinkedQueue<>();
        private final ConcurrentLinkedQueue<String> sessions = new ConcurrentLinkedQueue<>();

        @Override
        public void completed(dev.meridian.local.demo.PatientScript script, ApiCall call, Map<String, String> bound,
                              int status, long startNanos, long endNanos) {
            if (status < 200 || status > 299 || call.binds() == null) {
                return;
            }
            String id = bound.get(call.binds());
            switch (call.kind()) {
                case REGISTER_PATIENT -> patients.add(id);
                case OPEN_COURSE -> courses.add(id);
                case SCHEDULE_SESSION -> sessions.add(id);
                default -> { }
            }
        }

        Optional<String> first(ApiCall.Kind kind) {
            return Optional.ofNullable(switch (kind) {
                case REGISTER_PATIENT -> patients.peek();
                case OPEN_COURSE -> courses.peek();
                case SCHEDULE_SESSION -> sessions.peek();
                default -> null;
            });
        }

        List<String> courseIds() {
            return List.copyOf(courses);
        }
    }
}
