package dev.meridian.loadgen;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The benchmark's command line.
 *
 * @param steadySeconds     length of the phase at {@code rate}
 * @param rate              commands/s of the steady phase (the lag goal is stated at 200)
 * @param flatSeconds       length of the flat-out phase
 * @param workers           concurrent HTTP clients
 * @param seed              demo generator seed of the workload
 * @param out               directory for the JSON, Markdown and PNG
 * @param name              base file name of the report
 * @param dashboardQueries  queries per dashboard endpoint
 * @param practiceUrl       target a running practice-service instead of starting the stack (null: in-process)
 * @param outcomesUrl       target a running outcomes-service
 * @param mongodbUri        the MongoDB of the running services (lag probes, raw ceilings, store size)
 * @param kafkaBootstrap    the Kafka of the running services (raw consume ceiling, topic size)
 * @param lagSampleEvery    track the lag of every n-th eligible command in the flat-out phase (all in steady)
 * @param rawDocuments      documents for the raw MongoDB insert ceiling (a quarter one by one, the rest in batches)
 * @param projectedSessions before the dashboard queries, fill the outcomes read models with generated courses
 *                          until they hold this many more sessions (0: query what the load phases projected)
 * @param projectedMonths   the generated courses' openings are spread over this many months before now
 * @param dashboardBudgetSeconds time budget per dashboard endpoint for the timed queries
 * @param projectedBudgetSeconds stop filling when this time is spent, at what was reached (0: no limit)
 * @param dashboardWarmupSeconds untimed dashboard queries for this long before the timed ones
 * @param warmupSeconds     flat out before the measured phases, not measured (the JIT compiles the hot paths then:
 *                          in a 75 s run without it, compiler threads had 16 % of the process's CPU in the last phase)
 * @param warmupMaxSeconds  the warm-up goes on after {@code warmupSeconds} until the stack's JIT compilers have
 *                          settled ({@link CpuActivity}), at most this long; equal to {@code warmupSeconds}: fixed
 * @param reconciliationInterval in-process: outcomes-service's reconciliation interval (ISO-8601 duration)
 * @param stackPid          external services on this machine: the process whose peak RSS is reported (null: none)
 * @param quietMaxSeconds   before the raw ceilings and the rebuild, wait at most this long for the stack to be quiet
 *                          (0: no wait)
 */
public record BenchmarkOptions(int steadySeconds, int rate, int flatSeconds, int workers, long seed, Path out,
                               String name, int dashboardQueries, String practiceUrl, String outcomesUrl,
                               String mongodbUri, String kafkaBootstrap, int lagSampleEvery,
                               int rawDocuments, long projectedSessions, int projectedMonths,
                               int dashboardBudgetSeconds, int projectedBudgetSeconds, int warmupSeconds,
                               int warmupMaxSeconds, int dashboardWarmupSeconds, String reconciliationInterval,
                               Long stackPid, int quietMaxSeconds) {

    public static final String USAGE = """
            Usage: java -cp ... dev.meridian.loadgen.Benchmark [options]
              --warmup-seconds N   seconds flat out before the measured phases, not measured (default 120)
              --warmup-max-seconds N  then on until the stack's JIT compilers used under 5 % of a core for 60 s,
                                   at most N s in all (default 900; the same as --warmup-seconds: no more)
              --steady-seconds N   seconds at --rate (default 60)
              --rate N             commands/s of the steady phase (default 200)
              --flat-seconds N     seconds flat out (default 60)
              --workers N          concurrent HTTP clients (default 16)
              --seed N             workload seed (default 1)
              --out DIR            report directory (default docs/benchmarks)
              --name NAME          report file name without extension (default benchmark-<date>)
              --dashboard-queries N  queries per dashboard endpoint (default 200)
              --practice-url URL --outcomes-url URL   target running services instead of starting the stack
              --mongodb-uri URI --kafka-bootstrap-servers HOST:PORT   their servers (for lag, ceilings, sizes)
              --lag-sample-every N   flat-out phase: track every n-th eligible command's lag (default 5)
              --raw-documents N    documents for the raw MongoDB insert ceiling (default 20000)
              --projected-sessions N  before the dashboard queries, fill outcomes-service's read models with
                                   generated courses holding N sessions (projection code, no HTTP/Kafka; default 0)
              --projected-months N    spread those courses' openings over N months before now (default 36)
              --dashboard-budget-seconds N  time budget per dashboard endpoint (default 120)
              --dashboard-warmup-seconds N  untimed dashboard queries before the timed ones (default 20)
              --projected-budget-seconds N  stop the filling after N s at the sessions reached (default 0: none)
              --reconciliation-interval D   in-process: outcomes-service's reconciliation interval, ISO-8601
                                   (default PT5M, its production default; PT0S switches the job off)
              --quiet-max-seconds N  before the raw ceilings and the rebuild, wait until the stack used under
                                   20 % of a core for 5 s, at most N s (default 180; 0: no wait)
              --stack-pid PID      with --practice-url: the local stack's process on this machine, whose peak RSS
                                   (VmHWM) is then reported (the load generator is not in it)
            """;

    public static BenchmarkOptions parse(String... args) {
        int warmup = 120;
        int warmupMax = 900;
        int dashboardWarmup = 20;
        int steady = 60;
        int rate = 200;
        int flat = 60;
        int workers = 16;
        long seed = 1;
        Path out = Path.of("docs", "benchmarks");
        String name = "benchmark-" + LocalDate.now();
        int queries = 200;
        String practice = null;
        String outcomes = null;
        String mongo = null;
        String kafka = null;
        int sampleEvery = 5;
        int rawDocuments = 20_000;
        long projectedSessions = 0;
        int projectedMonths = 36;
        int dashboardBudget = 120;
        int projectedBudget = 0;
        String reconciliation = "PT5M";
        Long stackPid = null;
        int quietMax = 180;
        List<String> tokens = new ArrayList<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                tokens.add(arg.substring(0, eq));
                tokens.add(arg.substring(eq + 1));
            } else {
                tokens.add(arg);
            }
        }
        for (int i = 0; i < tokens.size(); i++) {
            String option = tokens.get(i);
            if (i + 1 >= tokens.size()) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            String value = tokens.get(++i);
            switch (option) {
                case "--warmup-seconds" -> warmup = Integer.parseInt(value);
                case "--warmup-max-seconds" -> warmupMax = Integer.parseInt(value);
                case "--dashboard-warmup-seconds" -> dashboardWarmup = Integer.parseInt(value);
                case "--steady-seconds" -> steady = Integer.parseInt(value);
                case "--rate" -> rate = Integer.parseInt(value);
                case "--flat-seconds" -> flat = Integer.parseInt(value);
                case "--workers" -> workers = Integer.parseInt(value);
                case "--seed" -> seed = Long.parseLong(value);
                case "--out" -> out = Path.of(value);
                case "--name" -> name = value;
                case "--dashboard-queries" -> queries = Integer.parseInt(value);
                case "--practice-url" -> practice = value;
                case "--outcomes-url" -> outcomes = value;
                case "--mongodb-uri" -> mongo = value;
                case "--kafka-bootstrap-servers" -> kafka = value;
                case "--lag-sample-every" -> sampleEvery = Integer.parseInt(value);
                case "--raw-documents" -> rawDocuments = Integer.parseInt(value);
                case "--projected-sessions" -> projectedSessions = Long.parseLong(value);
                case "--projected-months" -> projectedMonths = Integer.parseInt(value);
                case "--dashboard-budget-seconds" -> dashboardBudget = Integer.parseInt(value);
                case "--projected-budget-seconds" -> projectedBudget = Integer.parseInt(value);
                case "--reconciliation-interval" -> reconciliation = Duration.parse(value).toString();
                case "--stack-pid" -> stackPid = Long.parseLong(value);
                case "--quiet-max-seconds" -> quietMax = Integer.parseInt(value);
                default -> throw new IllegalArgumentException("Unknown option: " + option);
            }
        }
        if ((practice == null) != (outcomes == null)) {
            throw new IllegalArgumentException("--practice-url and --outcomes-url go together");
        }
        if (stackPid != null && practice == null) {
            throw new IllegalArgumentException("--stack-pid is for running services (--practice-url): in-process, the"
                    + " benchmark reports its own process");
        }
        return new BenchmarkOptions(steady, rate, flat, workers, seed, out, name, queries, practice, outcomes, mongo,
                kafka, Math.max(1, sampleEvery), Math.max(1000, rawDocuments), Math.max(0, projectedSessions),
                Math.max(1, projectedMonths), Math.max(1, dashboardBudget), Math.max(0, projectedBudget),
                Math.max(0, warmup), Math.max(Math.max(0, warmup), warmupMax), Math.max(0, dashboardWarmup),
                reconciliation, stackPid, Math.max(0, quietMax));
    }

    public boolean inProcess() {
        return practiceUrl == null;
    }
}
