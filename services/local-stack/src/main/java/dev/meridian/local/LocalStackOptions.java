package dev.meridian.local;

import dev.meridian.local.demo.DemoParameters;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line of {@code meridian-local.jar}.
 *
 * @param dataDir       where the embedded MongoDB (H2 file) and Kafka broker keep their data; survives restarts
 * @param fresh         wipe the data directory first and seed again
 * @param demoData      seed the demo clinic network on first start
 * @param patients      demo patients to seed
 * @param seed          seed of the demo generator (same seed, same network)
 * @param practicePort  practice-service HTTP port (0: any free port)
 * @param outcomesPort  outcomes-service HTTP port (0: any free port)
 * @param workers       concurrent requests while seeding
 * @param help          print the usage and exit
 */
public record LocalStackOptions(Path dataDir, boolean fresh, boolean demoData, int patients, long seed,
                                int practicePort, int outcomesPort, int workers, boolean help) {

    public static final String USAGE = """
            Usage: java -jar services/local-stack/target/meridian-local.jar [options]

              --data-dir PATH       where MongoDB (H2 file) and Kafka keep their data (default ./data);
                                    data survives a restart
              --fresh               wipe the data directory, then start and seed again
              --no-demo-data        start empty (no demo clinic network)
              --patients N          demo patients to seed on first start (default %d)
              --seed N              demo generator seed: the same seed gives the same network (default %d)
              --practice-port N     practice-service port (default 8080)
              --outcomes-port N     outcomes-service port (default 8081)
              --workers N           concurrent requests while seeding (default 8)
              --help                this text

            MONGODB_URI / KAFKA_BOOTSTRAP_SERVERS point the stack at external servers instead of the embedded ones.
            The README starts it with java -Xmx896m -XX:+UseParallelGC -jar ... (docs/local-stack.md, "Memory and the collector").
            """.formatted(DemoParameters.DEFAULT_PATIENTS, DemoParameters.DEFAULT_SEED);

    public static LocalStackOptions defaults() {
        return new LocalStackOptions(Path.of("data"), false, true, DemoParameters.DEFAULT_PATIENTS,
                DemoParameters.DEFAULT_SEED, 8080, 8081, 8, false);
    }

    /**
     * Parses {@code --name value} and {@code --name=value} forms.
     *
     * @throws IllegalArgumentException with a message for the user when an option is unknown or malformed
     */
    public static LocalStackOptions parse(String... args) {
        LocalStackOptions o = defaults();
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
        Path dataDir = o.dataDir;
        boolean fresh = false;
        boolean demoData = true;
        int patients = o.patients;
        long seed = o.seed;
        int practicePort = o.practicePort;
        int outcomesPort = o.outcomesPort;
        int workers = o.workers;
        boolean help = false;
        for (int i = 0; i < tokens.size(); i++) {
            String name = tokens.get(i);
            switch (name) {
                case "--data-dir" -> dataDir = Path.of(value(tokens, ++i, name));
                case "--fresh" -> fresh = true;
                case "--no-demo-data" -> demoData = false;
                case "--patients" -> patients = intValue(tokens, ++i, name, 0, 1_000_000);
                case "--seed" -> seed = longValue(tokens, ++i, name);
                case "--practice-port" -> practicePort = intValue(tokens, ++i, name, 0, 65535);
                case "--outcomes-port" -> outcomesPort = intValue(tokens, ++i, name, 0, 65535);
                case "--workers" -> workers = intValue(tokens, ++i, name, 1, 256);
                case "--help", "-h" -> help = true;
                default -> throw new IllegalArgumentException("Unknown option: " + name);
            }
        }
        if (practicePort != 0 && practicePort == outcomesPort) {
            throw new IllegalArgumentException("--practice-port and --outcomes-port must differ");
        }
        return new LocalStackOptions(dataDir, fresh, demoData, patients, seed, practicePort, outcomesPort, workers,
                help);
    }

    public LocalStackOptions withDataDir(Path dir) {
        return new LocalStackOptions(dir, fresh, demoData, patients, seed, practicePort, outcomesPort, workers, help);
    }

    public LocalStackOptions withFresh(boolean value) {
        return new LocalStackOptions(dataDir, value, demoData, patients, seed, practicePort, outcomesPort, workers,
                help);
    }

    public LocalStackOptions withPorts(int practice, int outcomes) {
        return new LocalStackOptions(dataDir, fresh, demoData, patients, seed, practice, outcomes, workers, help);
    }

    public LocalStackOptions withDemoData(boolean value, int patientCount) {
        return new LocalStackOptions(dataDir, fresh, value, patientCount, seed, practicePort, outcomesPort, workers,
                help);
    }

    private static String value(List<String> tokens, int i, String name) {
        if (i >= tokens.size() || tokens.get(i).startsWith("--")) {
            throw new IllegalArgumentException(name + " needs a value");
        }
        return tokens.get(i);
    }

    private static int intValue(List<String> tokens, int i, String name, int min, int max) {
        long v = longValue(tokens, i, name);
        if (v < min || v > max) {
            throw new IllegalArgumentException(name + " must be between " + min + " and " + max);
        }
        return (int) v;
    }

    private static long longValue(List<String> tokens, int i, String name) {
        String text = value(tokens, i, name);
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, not '" + text + "'");
        }
    }
}
