package dev.meridian.local;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * {@code java -jar meridian-local.jar}: the whole of Meridian on embedded defaults, seeded with a demo clinic
 * network, until Ctrl-C.
 */
public final class MeridianLocal {

    /** The dashboard's headline: responder rate and median sessions to relief of chronic courses, per location. */
    static final String CHRONIC_BY_LOCATION = "/api/outcomes/summary?groupBy=location&chronicity=CHRONIC";

    private static final Logger log = LoggerFactory.getLogger(MeridianLocal.class);

    private MeridianLocal() {
    }

    public static void main(String[] args) throws InterruptedException {
        LocalStackOptions options;
        try {
            options = LocalStackOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println();
            System.err.print(LocalStackOptions.USAGE);
            System.exit(2);
            return;
        }
        if (options.help()) {
            System.out.print(LocalStackOptions.USAGE);
            return;
        }
        quietLogs();
        PrintStream console = System.out;
        console.printf("Starting Meridian (data in %s%s)...%n", options.dataDir().toAbsolutePath().normalize(),
                options.fresh() ? ", wiped first" : "");
        long began = System.nanoTime();
        LocalStack stack;
        try {
            stack = LocalStack.start(options);
        } catch (RuntimeException e) {
            log.error("Meridian did not start", e);
            System.err.println("Meridian did not start: " + e.getMessage());
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runnable stop = () -> {
            console.println();
            console.println("Stopping Meridian: services, then Kafka, then MongoDB...");
            stack.close();
            console.println("Stopped. Data kept in " + stack.dataDir());
            stopped.countDown();
        };
        // Ctrl-C and TERM run our stop order first; the JVM's shutdown hooks (the embedded servers' own, run in no
        // particular order) then find everything stopped already. The hook below covers other ways out.
        for (String signal : new String[]{"INT", "TERM"}) {
            try {
                Signal.handle(new Signal(signal), s -> new Thread(() -> {
                    stop.run();
                    System.exit(0);
                }, "meridian-stop").start());
            } catch (IllegalArgumentException e) {
                log.debug("Signal {} cannot be handled here", signal);
            }
        }
        Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "meridian-stop-hook"));
        // A failed embedded store: the stack has stopped itself; say why, and exit as a failure.
        stack.whenStoreFails(message -> {
            System.err.println();
            System.err.println(message);
            System.exit(1);
        });

        console.printf("Services up in %.1f s%n", (System.nanoTime() - began) / 1e9);
        try {
            stack.seedIfNew(console, System.console() != null);
        } catch (RuntimeException e) {
            log.error("Seeding the demo data failed", e);
            console.println("Seeding the demo data failed: " + e.getMessage() + " (the services keep running)");
        }
        printWelcome(console, stack);
        stopped.await();
    }

    /**
     * A newcomer's console shows the progress bar, the URLs and warnings, not every framework's start-up INFO.
     * Each setting yields to one given on the command line ({@code -Dlogging.level.root=INFO}) or in the
     * environment ({@code LOGGING_LEVEL_ROOT=INFO}).
     */
    private static void quietLogs() {
        defaultSystemProperty("logging.level.root", "WARN", "LOGGING_LEVEL_ROOT");
        defaultSystemProperty("logging.level.dev.meridian", "INFO", "LOGGING_LEVEL_DEV_MERIDIAN");
        // With Axon's timeouts turned on (AXON_TIMEOUT_ENABLED, decision 0026), its janitor prints a stack trace for
        // every slow unit of work under load; it is a warning, not news.
        defaultSystemProperty("logging.level.axon-janitor", "ERROR", null);
        defaultSystemProperty("disable-axoniq-console-message", "true", null);
    }

    private static void defaultSystemProperty(String name, String value, String environmentVariable) {
        if (System.getProperty(name) == null
                && (environmentVariable == null || System.getenv(environmentVariable) == null)) {
            System.setProperty(name, value);
        }
    }

    static void printWelcome(PrintStream out, LocalStack stack) {
        String practice = stack.practiceUri().toString();
        String outcomes = stack.outcomesUri().toString();
        Optional<ObjectNode> marker = stack.seedMarker();
        out.println();
        out.println("Meridian is running.");
        marker.filter(m -> "SEEDED".equals(m.path("status").asText())).ifPresent(m -> out.printf(
                "  Demo clinic network: %d patients, %d courses (seed %d; synthetic data, see docs/demo-data.md)%n",
                m.path("patients").asInt(), m.path("courses").asInt(), m.path("seed").asLong()));
        out.println();
        out.println("  Staff API (practice-service)");
        out.println("    Swagger UI     " + practice + "/swagger-ui.html");
        out.println("    OpenAPI        " + practice + "/v3/api-docs");
        String analyst = "-H \"Authorization: Bearer " + stack.analystToken() + "\"";
        out.println("  Analysts (outcomes-service)");
        out.println("    Dashboard      " + outcomes + "/#token=" + stack.analystToken());
        out.println("                   (signed in as an analyst for 12 h; browsers never send what follows #)");
        out.println("    Summary API    " + outcomes + "/api/outcomes/summary?groupBy=chronicity");
        out.println("    Courses API    " + outcomes + "/api/outcomes/courses");
        out.println("    OpenAPI        " + outcomes + "/v3/api-docs");
        out.println("  Servers (for mongosh, a Kafka client or the benchmark, while the stack runs)");
        out.println("    MongoDB        " + stack.mongoUri());
        out.println("    Kafka          " + stack.kafkaBootstrapServers());
        out.println();
        out.println("  Every API call needs a bearer token: the development tokens printed above, or");
        out.println("    TOKEN=$(curl -s -X POST " + practice + "/dev/tokens -H 'Content-Type: application/json' \\");
        out.println("         -d '{\"role\":\"NETWORK_ADMIN\"}' | jq -r .accessToken)");
        out.println("  Try (the analyst's token inline): chronic cases per location, as JSON and as CSV");
        out.println("    curl -s " + analyst + " '" + outcomes + CHRONIC_BY_LOCATION + "'");
        out.println("    curl -s " + analyst + " -H 'Accept: text/csv' '" + outcomes + CHRONIC_BY_LOCATION + "'");
        marker.map(m -> m.path("sampleCourseId").asText(null)).ifPresent(id ->
                out.println("    curl -s -H \"Authorization: Bearer $TOKEN\" " + practice + "/api/courses/" + id));
        out.println("    curl -s -X POST " + practice + "/api/patients -H \"Authorization: Bearer $TOKEN\" \\");
        out.println("         -H 'Content-Type: application/json' \\");
        out.println("         -d '{\"homeLocationId\":\"loc-aldmere\",\"givenName\":\"Ada\",\"familyName\":\"Example\","
                + "\"birthDate\":\"1980-04-02\"}'");
        out.println();
        out.println("  Stop with Ctrl-C (data stays in " + stack.dataDir() + "; start with --fresh to begin again).");
    }
}
