package dev.meridian.loadgen;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import dev.meridian.embedded.EmbeddedMongo;
import dev.meridian.local.LocalStack;
import dev.meridian.local.LocalStackOptions;
import dev.meridian.local.demo.ApiCall;
import dev.meridian.local.demo.CallObserver;
import dev.meridian.local.demo.DemoGenerator;
import dev.meridian.local.demo.DemoParameters;
import dev.meridian.local.demo.PatientScript;
import dev.meridian.local.demo.PlanExecutor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.core.env.Environment;

/**
 * The benchmark of issue 5: starts the local stack in-process on a fresh temporary data directory (or targets
 * running services), drives the staff HTTP API with the demo generator's workload at a target rate and then flat
 * out, and measures in the same run: accepted commands/s, HTTP latency, command -> visible in outcomes-service
 * lag, dashboard query latency, projection rebuild rate beside the raw Kafka consume and MongoDB insert ceilings,
 * and peak RSS. Writes JSON, Markdown and a PNG chart.
 */
public final class Benchmark {

    private static final Logger log = LoggerFactory.getLogger(Benchmark.class);
    /** outcomes-service's default (see the comment where the stack is started). */
    /** Every n-th eligible warm-up command is tracked until visible, only to wait for the projections to catch up. */
    private static final int WARMUP_LAG_SAMPLE_EVERY = 20;
    /** The JIT compilers' share of one core over a minute below which the warm-up may end. */
    static final double JIT_SETTLED = 0.05;
    /**
     * The stack's share of one core over {@link #QUIET_WINDOW_NANOS} below which it counts as quiet before the raw
     * ceilings and the rebuild: an idle local stack used 7 % (its Kafka broker, H2's housekeeping, the processors'
     * polls; measured 2026-12-04); working through a backlog, half a core or more.
     */
    static final double QUIET = 0.2;
    static final long QUIET_WINDOW_NANOS = 5_000_000_000L;

    private final BenchmarkOptions options;
    private final List<String> notes = new ArrayList<>();
    private final AtomicInteger nextPatient = new AtomicInteger();
    /** How long the warm-up ran (for the report's set-up). */
    private int warmedUpSeconds;
    private DemoGenerator workload;
    private Targets targets;

    Benchmark(BenchmarkOptions options) {
        this.options = options;
    }

    public static void main(String[] args) {
        BenchmarkOptions options;
        try {
            options = BenchmarkOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.print(BenchmarkOptions.USAGE);
            System.exit(2);
            return;
        }
        List<Path> files = new Benchmark(options).run();
        files.forEach(f -> System.out.println("Wrote " + f));
        System.exit(0);
    }

    /** Runs the whole benchmark; returns the report files. */
    public List<Path> run() {
        System.setProperty("axoniq.update-checker.disabled", "true");
        String startedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        Path dataDir = null;
        LocalStack stack = null;
        try {
            if (options.inProcess()) {
                dataDir = Files.createTempDirectory("meridian-bench-");
                // The reconciliation job at its production interval by default, not the local stack's 30 s: the
                // filling for the dashboard queries writes courses practice-service never stored, which a full
                // comparison every 30 s would rescan (hundreds of thousands of documents) while queries are timed.
                stack = LocalStack.start(LocalStackOptions.defaults().withDataDir(dataDir).withPorts(0, 0)
                        .withDemoData(false, 0), Map.of(),
                        Map.of("meridian.outcomes.reconciliation.interval", options.reconciliationInterval()));
                targets = Targets.of(stack);
            } else {
                targets = Targets.external(options);
            }
            workload = new DemoGenerator(DemoParameters.defaults(options.seed(), Integer.MAX_VALUE));
            return measure(startedAt);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (targets != null) {
                targets.close();
            }
            if (stack != null) {
                stack.close();
            }
            if (dataDir != null) {
                deleteRecursively(dataDir);
            }
        }
    }

    private List<Path> measure(String startedAt) {
        try (LagTracker lag = new LagTracker(targets.probe())) {
            if (options.warmupSeconds() > 0) {
                warmUp(lag);
            }
            log.info("Steady phase: {} commands/s for {} s", options.rate(), options.steadySeconds());
            BenchmarkReport.Phase steady = phase("steady", options.rate(), options.steadySeconds(), lag, 1);
            log.info("Flat-out phase: {} s", options.flatSeconds());
            BenchmarkReport.Phase flatOut = phase("flat out", null, options.flatSeconds(), lag,
                    options.lagSampleEvery());
            awaitQuietStack("Raw ceilings and rebuild", "the load phases");
            BenchmarkReport.RawCeilings raw = RawCeilings.measure(targets, options.rawDocuments(), notes::add);
            RebuildMeasurement rebuildMeasurement = new RebuildMeasurement(targets);
            // outcomes-service has answered no HTTP request yet in this run: its first one's set-up is not the rebuild's.
            try {
                rebuildMeasurement.warmUp();
            } catch (Exception e) {
                log.warn("Rebuild progress not available before the rebuild: {}", e.toString()); // run() reports it
            }
            BenchmarkReport.Rebuild rebuild = rebuildMeasurement.fastestOf(RebuildMeasurement.REBUILDS,
                    number -> awaitQuietStack("Rebuild " + number, "the one before"), notes::add);
            BenchmarkReport.Store store = targets.store();
            // Before the seeding: the RSS goal is about the local stack, and the seeding is the benchmark's own work.
            Long peakRss = stackPeakRss();
            // After the rebuild, which would replace seeded read models with the topic's projection.
            BenchmarkReport.Seeding seeding = null;
            if (options.projectedSessions() > 0) {
                log.info("Filling the outcomes read models with {} generated sessions", options.projectedSessions());
                seeding = ProjectedSessions.fill(targets, options.projectedSessions(), options.seed(),
                        options.projectedMonths(), options.projectedBudgetSeconds());
                notes.add("Dashboard queries at scale: the read models were filled by " + ProjectedSessions.METHOD
                        + "; " + seeding.sessions() + " sessions in " + seeding.courses() + " courses, openings over "
                        + options.projectedMonths() + " months, " + seeding.seconds() + " s (" + seeding.status()
                        + ").");
            }
            log.info("Dashboard queries");
            DashboardQueries queries = new DashboardQueries(targets, options.dashboardQueries(),
                    options.dashboardBudgetSeconds(), options.dashboardWarmupSeconds());
            BenchmarkReport.Dashboard dashboard = queries.run()
                    .withSeeding(seeding, stackPeakRss());
            notes.add("Dashboard queries: " + queries.warmupQueries() + " untimed queries (every shape in turn, "
                    + options.dashboardWarmupSeconds() + " s) before the timed ones, so that the JIT has compiled "
                    + "the query code.");
            if (options.inProcess()) {
                notes.add("One process: embedded MongoDB (mongo-java-server, H2 backend), embedded Kafka, "
                        + "practice-service, outcomes-service and the load generator share the JVM and both cores.");
            } else if (options.stackPid() != null) {
                notes.add("Running services: peak RSS is that of process " + options.stackPid() + " (--stack-pid, the "
                        + "local stack); the load generator ran in a process of its own on the same cores.");
            } else {
                notes.add("External services: their RSS is not visible to the benchmark; read it on their host.");
            }
            if (options.inProcess()) {
                notes.add("Secondary indexes the embedded MongoDB server kept (decision 0007): "
                        + (EmbeddedMongo.keptSecondaryIndexes().isEmpty() ? "none"
                        : String.join(", ", new java.util.TreeSet<>(EmbeddedMongo.keptSecondaryIndexes()))) + ".");
            }
            if (options.inProcess()) {
                Duration interval = Duration.parse(options.reconciliationInterval());
                notes.add(interval.isZero() || interval.isNegative()
                        ? "outcomes-service's reconciliation job was off (--reconciliation-interval "
                        + options.reconciliationInterval() + "): no full comparison of every stream ran during the"
                        + " measurements."
                        : "outcomes-service's reconciliation job ran every " + options.reconciliationInterval()
                        + " instead of the local stack's PT30S: each run compares every stream (on the embedded"
                        + " server a read of every course document, which holds course_outcomes while it runs), and"
                        + " the filled read models hold courses practice-service never stored.");
            }
            notes.add("Lag = from the command's 2xx answer to the first poll (every "
                    + LagTracker.POLL_NANOS / 1_000_000 + " ms, by _id in course_outcomes) that shows its effect.");
            BenchmarkReport report = new BenchmarkReport("Meridian benchmark " + startedAt.substring(0, 10),
                    startedAt, MachineInfo.current(), setup(), steady, flatOut, dashboard, rebuild, raw, store,
                    peakRss, Goals.evaluate(steady, flatOut, dashboard, rebuild, raw, peakRss, rssScope()), notes);
            return ReportWriter.write(report, options.out(), options.name());
        }
    }

    /**
     * CPU time used so far by the system under test and the load generator: this process in-process; with
     * {@code --stack-pid} this one and the stack's; -1 (not measured) for other running services.
     */
    private long systemCpuNanos() {
        long self = MachineInfo.processCpuNanos();
        if (options.inProcess() || self < 0) {
            return self;
        }
        long stack = options.stackPid() == null ? -1 : MachineInfo.processCpuNanos(options.stackPid());
        return stack < 0 ? -1 : self + stack;
    }

    /** The local stack's peak RSS: this process's in-process, {@code --stack-pid}'s otherwise (null: not known). */
    private Long stackPeakRss() {
        if (options.inProcess()) {
            return MachineInfo.peakRssMiB();
        }
        return options.stackPid() == null ? null : MachineInfo.peakRssMiB(options.stackPid());
    }

    /** What the RSS figure covers (said beside it in the goals). */
    private String rssScope() {
        if (options.inProcess()) {
            return "one process: stack and load generator together";
        }
        return options.stackPid() == null ? "running services: their RSS is read on their host"
                : "the local stack's process (--stack-pid); the load generator in its own";
    }

    private BenchmarkReport.Setup setup() {
        return new BenchmarkReport.Setup(options.inProcess() ? "in-process local stack, fresh data directory"
                : "external services", targets.mongoDescription(), targets.kafkaDescription(), options.seed(),
                options.rate(), options.steadySeconds(), options.flatSeconds(), options.workers(),
                "demo clinic network generator, one patient script after another", warmedUpSeconds);
    }

    /**
     * Flat out, not measured, for {@code --warmup-seconds}, then on until the stack's JIT compilers used less than
     * {@link #JIT_SETTLED} of one core over the last minute, at most {@code --warmup-max-seconds} in all. Its
     * figures are dropped; tracking some lags makes it wait until the projections have caught up, so that the
     * steady phase does not start behind the warm-up's backlog.
     */
    private void warmUp(LagTracker lag) {
        int least = options.warmupSeconds();
        int most = options.warmupMaxSeconds();
        long pid = stackProcess();
        CpuActivity jit = most > least && pid > 0 ? CpuActivity.compilersOf(pid) : null;
        long start = System.nanoTime();
        if (jit == null) {
            log.info("Warm-up: flat out for {} s, not measured", least);
            phase("warm-up", null, least, lag, WARMUP_LAG_SAMPLE_EVERY, () -> false);
            warmedUpSeconds = least;
            notes.add("Warm-up: " + least + " s flat out" + (most > least ? " (the stack's JIT compilers could not be"
                    + " watched: no /proc, or running services without --stack-pid)" : "") + ".");
            return;
        }
        log.info("Warm-up: flat out for {} s, then until the JIT compilers have settled (at most {} s), not measured",
                least, most);
        long leastEnd = start + least * 1_000_000_000L;
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "jit-activity");
            thread.setDaemon(true);
            return thread;
        });
        try {
            AtomicBoolean settledNow = new AtomicBoolean();
            sampler.scheduleAtFixedRate(() -> {
                long now = System.nanoTime();
                jit.sample(now);
                double share = jit.shareOfOneCore();
                settledNow.set(now >= leastEnd && share >= 0 && share < JIT_SETTLED);
            }, 0, 5, TimeUnit.SECONDS);
            phase("warm-up", null, most, lag, WARMUP_LAG_SAMPLE_EVERY, settledNow::get);
        } finally {
            sampler.shutdownNow();
        }
        warmedUpSeconds = (int) Math.round((System.nanoTime() - start) / 1e9);
        double share = jit.shareOfOneCore();
        String settled = share < 0 ? "the JIT compilers were not watched for a whole minute"
                : String.format("%s: they used %.1f %% of one core over the last minute of it",
                share < JIT_SETTLED ? "then the JIT compilers had settled" : "not settled", 100 * share);
        String note = String.format("Warm-up: %d s flat out (at least %d, at most %d; %s).", warmedUpSeconds, least,
                most, settled);
        notes.add(note);
        log.info(note);
    }

    /** The stack's process on this machine: this one in-process, {@code --stack-pid} else; -1 when not known. */
    private long stackProcess() {
        return options.inProcess() ? ProcessHandle.current().pid()
                : options.stackPid() == null ? -1 : options.stackPid();
    }

    /**
     * Waits until the stack has worked through what the load phases left, at most {@code --quiet-max-seconds}: the
     * raw ceilings and the rebuild are then timed on a stack doing nothing else, as their goal means. (The lag
     * tracking only waits for the outcomes projection; practice-service's processors were still working through the
     * flat-out backlog for about a minute after it.) Between rebuilds too, when it is switched on: a rebuild's swap
     * leaves the old collections to drop.
     *
     * @param what  what is timed next (the note's subject)
     * @param after what the wait follows
     */
    private void awaitQuietStack(String what, String after) {
        if (options.quietMaxSeconds() <= 0) {
            return;
        }
        long pid = stackProcess();
        CpuActivity stack = pid > 0 ? CpuActivity.processOf(pid, QUIET_WINDOW_NANOS) : null;
        if (stack == null) {
            notes.add(what + ": timed right after " + after + " (the stack's CPU could not be watched: no /proc, or"
                    + " running services without --stack-pid).");
            return;
        }
        long start = System.nanoTime();
        long deadline = start + options.quietMaxSeconds() * 1_000_000_000L;
        double share = -1;
        while (System.nanoTime() < deadline) {
            stack.sample(System.nanoTime());
            share = stack.shareOfOneCore();
            if (share >= 0 && share < QUIET) {
                break;
            }
            LockSupport.parkNanos(500_000_000L);
        }
        long waited = Math.round((System.nanoTime() - start) / 1e9);
        String note = share >= 0 && share < QUIET
                ? String.format("%s: timed once the stack was quiet, %d s after %s (it used %.0f %% of one core over"
                + " %d s; under %.0f %% counts as quiet).", what, waited, after, 100 * share,
                QUIET_WINDOW_NANOS / 1_000_000_000L, 100 * QUIET)
                : String.format("%s: the stack was not quiet %d s after %s (%.0f %% of one core over the last %d s);"
                + " timed anyway.", what, waited, after, 100 * Math.max(0, share),
                QUIET_WINDOW_NANOS / 1_000_000_000L);
        notes.add(note);
        log.info(note);
    }

    /** One load phase: commands for {@code seconds}, then up to 60 s for the tracked lags to come in. */
    BenchmarkReport.Phase phase(String name, Integer rate, int seconds, LagTracker lag, int sampleEvery) {
        return phase(name, rate, seconds, lag, sampleEvery, () -> false);
    }

    /** The same, ended early when {@code endNow} says so (it is asked before each call). */
    private BenchmarkReport.Phase phase(String name, Integer rate, int seconds, LagTracker lag, int sampleEvery,
                                        BooleanSupplier endNow) {
        long start = System.nanoTime();
        long cpuStart = systemCpuNanos();
        Map<String, Long> storeBefore = targets.storeQueries();
        long end = start + seconds * 1_000_000_000L;
        Timeline timeline = new Timeline(start);
        LatencyRecorder http = new LatencyRecorder();
        LatencyRecorder lags = new LatencyRecorder();
        lag.measureInto(lags, timeline);
        int gaveUpBefore = lag.gaveUp();
        AtomicLong accepted = new AtomicLong();
        AtomicLong refused = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicLong eligible = new AtomicLong();
        CallObserver observer = (script, call, bound, status, startNanos, endNanos) -> {
            if (endNanos > end) {
                return; // answers after the phase's end belong to no window
            }
            if (status > 0) {
                http.record(endNanos - startNanos);
            }
            if (status >= 200 && status < 300) {
                accepted.incrementAndGet();
                timeline.accepted(endNanos);
                LagTracker.Pending pending = pending(call, bound, endNanos);
                if (pending != null && eligible.incrementAndGet() % sampleEvery == 0) {
                    lag.track(pending);
                }
            } else if (status >= 400 && status < 500) {
                refused.incrementAndGet();
            } else {
                failed.incrementAndGet();
            }
        };
        PlanExecutor.Pacer pacer = rate == null ? PlanExecutor.Pacer.NONE : new RatePacer(rate);
        PlanExecutor executor = new PlanExecutor(targets.practice(), options.workers(), observer, pacer)
                .authorizedBy(targets.token());
        PlanExecutor.Result result = executor.run(() -> workload.script(nextPatient.getAndIncrement()),
                () -> System.nanoTime() >= end || endNow.getAsBoolean(), done -> { });
        long wall = System.nanoTime() - start;
        long cpu = systemCpuNanos() - cpuStart;
        Double cpuShare = cpuStart < 0 ? null
                : Math.round(1000.0 * cpu / ((double) wall * Runtime.getRuntime().availableProcessors())) / 1000.0;
        Double perCpuSecond = cpuStart < 0 || cpu <= 0 ? null : Math.round(accepted.get() / (cpu / 1e9) * 10) / 10.0;
        String load = MachineInfo.loadAverage();
        Map<String, Long> storeAfter = targets.storeQueries();
        if (!storeAfter.isEmpty()) {
            // Counts of work, unlike rates, hardly depend on how much of the shared machine the process got.
            long snapshotFinds = storeAfter.getOrDefault("snapshotevents find", 0L)
                    - storeBefore.getOrDefault("snapshotevents find", 0L);
            long eventFinds = storeAfter.getOrDefault("domainevents find", 0L)
                    - storeBefore.getOrDefault("domainevents find", 0L);
            String work = String.format("%s: practice-service's MongoDB commands during the phase: %d aggregate loads "
                    + "from the event store (snapshot look-ups) and %d event-store finds in all (loads and streaming "
                    + "processors' tracking queries), for %d accepted commands (%.1f loads per 1,000)", name,
                    snapshotFinds, eventFinds, accepted.get(), accepted.get() == 0 ? 0.0
                            : 1000.0 * snapshotFinds / accepted.get());
            notes.add(work);
            log.info(work);
        }
        if (!result.sampleFailures().isEmpty()) {
            notes.add(name + ": first refusals: " + result.sampleFailures());
        }
        long drainUntil = System.nanoTime() + 60_000_000_000L;
        while (lag.pendingCount() > 0 && System.nanoTime() < drainUntil) {
            LockSupport.parkNanos(20_000_000L);
        }
        int notVisible = lag.pendingCount() + lag.gaveUp() - gaveUpBefore;
        Timeline done = timeline;
        lag.measureInto(new LatencyRecorder(), null);
        return new BenchmarkReport.Phase(name, rate, seconds, accepted.get(), refused.get(), failed.get(),
                done.medianAcceptedPerSecond(seconds), http.percentiles(), lags.percentiles(), notVisible,
                cpuShare, perCpuSecond, load, done.points(seconds));
    }

    /** What to poll for after an accepted command, if it is one whose effect the dashboard shows. */
    static LagTracker.Pending pending(ApiCall call, Map<String, String> bound, long acceptedAt) {
        return switch (call.kind()) {
            case OPEN_COURSE -> new LagTracker.Pending(LagTracker.What.COURSE_OPENED, bound.get(call.binds()), null,
                    acceptedAt);
            case COMPLETE_SESSION -> {
                // Paths look like /api/sessions/{course1.session2}/complete: the course symbol is the prefix.
                String symbol = call.path().substring(call.path().indexOf('{') + 1, call.path().indexOf('}'));
                yield new LagTracker.Pending(LagTracker.What.SESSION_COMPLETED,
                        bound.get(symbol.substring(0, symbol.indexOf('.'))), bound.get(symbol), acceptedAt);
            }
            case CLOSE_COURSE -> {
                String symbol = call.path().substring(call.path().indexOf('{') + 1, call.path().indexOf('}'));
                yield new LagTracker.Pending(LagTracker.What.COURSE_CLOSED, bound.get(symbol), null, acceptedAt);
            }
            default -> null;
        };
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            log.debug("Could not delete {}", dir, e);
        }
    }

    /** Paces requests to a fixed rate across all workers; a worker that falls behind does not burst more than 100 ms. */
    static final class RatePacer implements PlanExecutor.Pacer {
        private final long intervalNanos;
        private final AtomicLong nextSlot = new AtomicLong(System.nanoTime());

        RatePacer(int perSecond) {
            this.intervalNanos = 1_000_000_000L / Math.max(1, perSecond);
        }

        @Override
        public void awaitTurn() {
            long now = System.nanoTime();
            nextSlot.accumulateAndGet(now - 100_000_000L, Math::max);
            long slot = nextSlot.getAndAdd(intervalNanos);
            if (slot > now) {
                LockSupport.parkNanos(slot - now);
            }
        }
    }

    /**
     * Where the services and their servers are.
     */
    static final class Targets implements AutoCloseable {
        final URI practice;
        final URI outcomes;
        final MongoClient mongo;
        final String practiceDatabase;
        final String outcomesDatabase;
        final String kafkaBootstrap;
        final String topic;
        final String mongoDescription;
        final String kafkaDescription;
        private final boolean ownsClient;
        /** practice-service's meters (in-process only): its MongoDB driver's command counts. */
        private MeterRegistry practiceMeters;
        /** Bearer token for practice-service: the stack's staff token, or MERIDIAN_TOKEN for running services. */
        private String token = System.getenv("MERIDIAN_TOKEN");

        Targets(URI practice, URI outcomes, MongoClient mongo, boolean ownsClient, String practiceDatabase,
                String outcomesDatabase, String kafkaBootstrap, String topic, String mongoDescription,
                String kafkaDescription) {
            this.practice = practice;
            this.outcomes = outcomes;
            this.mongo = mongo;
            this.ownsClient = ownsClient;
            this.practiceDatabase = practiceDatabase;
            this.outcomesDatabase = outcomesDatabase;
            this.kafkaBootstrap = kafkaBootstrap;
            this.topic = topic;
            this.mongoDescription = mongoDescription;
            this.kafkaDescription = kafkaDescription;
        }

        static Targets of(LocalStack stack) {
            Environment practiceEnv = stack.practiceContext().getEnvironment();
            Environment outcomesEnv = stack.outcomesContext().getEnvironment();
            boolean embeddedMongo = System.getenv("MONGODB_URI") == null;
            boolean embeddedKafka = System.getenv("KAFKA_BOOTSTRAP_SERVERS") == null;
            Targets targets = new Targets(stack.practiceUri(), stack.outcomesUri(),
                    stack.practiceContext().getBean(MongoClient.class), false,
                    practiceEnv.getProperty("spring.data.mongodb.database"),
                    outcomesEnv.getProperty("spring.data.mongodb.database"),
                    practiceEnv.getProperty("spring.kafka.bootstrap-servers"),
                    practiceEnv.getProperty("meridian.kafka.topic", "clinic.events"),
                    embeddedMongo ? "embedded mongo-java-server 1.47.0, H2 backend (file in the data directory)"
                            : "external (MONGODB_URI)",
                    embeddedKafka ? "embedded Apache Kafka broker, KRaft, in-process" : "external");
            targets.token = stack.staffToken();
            targets.practiceMeters = stack.practiceContext().getBeanProvider(MeterRegistry.class).getIfAvailable();
            return targets;
        }

        static Targets external(BenchmarkOptions o) {
            MongoClient client = o.mongodbUri() == null ? null : MongoClients.create(o.mongodbUri());
            return new Targets(URI.create(o.practiceUrl()), URI.create(o.outcomesUrl()), client, true,
                    "meridian_practice", "meridian_outcomes", o.kafkaBootstrap(), "clinic.events",
                    o.mongodbUri() == null ? "external (not given)" : "external " + o.mongodbUri(),
                    o.kafkaBootstrap() == null ? "external (not given)" : "external " + o.kafkaBootstrap());
        }

        URI practice() {
            return practice;
        }

        String token() {
            return token;
        }

        /** practice-service's MongoDB commands so far, by "collection command" (empty when not visible). */
        Map<String, Long> storeQueries() {
            Map<String, Long> counts = new HashMap<>();
            if (practiceMeters != null) {
                practiceMeters.find("mongodb.driver.commands").timers().forEach(timer -> counts.merge(
                        timer.getId().getTag("collection") + " " + timer.getId().getTag("command"), timer.count(),
                        Long::sum));
            }
            return counts;
        }

        String mongoDescription() {
            return mongoDescription;
        }

        String kafkaDescription() {
            return kafkaDescription;
        }

        MongoCollection<Document> courseOutcomes() {
            return mongo == null ? null : mongo.getDatabase(outcomesDatabase).getCollection("course_outcomes");
        }

        /**
         * Looks the commands' courses up in the outcomes read model with one {@code _id $in} query (answered from
         * the unique index, also on the embedded server) and says whose effect shows.
         */
        LagTracker.Probe probe() {
            MongoCollection<Document> courses = courseOutcomes();
            if (courses == null) {
                return items -> Set.of();
            }
            return items -> {
                Map<String, Document> found = new HashMap<>();
                courses.find(Filters.in("_id", items.stream().map(LagTracker.Pending::courseId).distinct().toList()))
                        .projection(Projections.include("opened", "closed", "sessions"))
                        .forEach(doc -> found.put(doc.getString("_id"), doc));
                Set<LagTracker.Pending> visible = new HashSet<>();
                for (LagTracker.Pending item : items) {
                    Document course = found.get(item.courseId());
                    if (course != null && visible(course, item)) {
                        visible.add(item);
                    }
                }
                return visible;
            };
        }

        private static boolean visible(Document course, LagTracker.Pending item) {
            return switch (item.what()) {
                case COURSE_OPENED -> Boolean.TRUE.equals(course.getBoolean("opened"));
                case COURSE_CLOSED -> Boolean.TRUE.equals(course.getBoolean("closed"));
                case SESSION_COMPLETED -> {
                    Document sessions = course.get("sessions", Document.class);
                    Document session = sessions == null ? null : sessions.get(item.sessionId(), Document.class);
                    yield session != null && "COMPLETED".equals(session.getString("status"));
                }
            };
        }

        BenchmarkReport.Store store() {
            Long events = null;
            if (mongo != null) {
                MongoDatabase db = mongo.getDatabase(practiceDatabase);
                events = db.getCollection("domainevents").countDocuments();
            }
            return new BenchmarkReport.Store(events, RawCeilings.topicRecords(this));
        }

        @Override
        public void close() {
            if (ownsClient && mongo != null) {
                mongo.close();
            }
        }
    }
}
