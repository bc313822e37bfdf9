package dev.meridian.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.apache.kafka.common.utils.Exit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded Kafka default: a real Apache Kafka node in KRaft mode (broker and controller in one), run
 * in-process from Kafka's own server code. One per JVM. Topics are created by the services themselves (names and
 * partitions are configuration).
 *
 * <p>With a data directory (the local stack's {@code --data-dir}) the broker's log lives there and survives a
 * restart of the process, so that offsets stored beside a persistent event store keep pointing at real records.
 * Without one the log lives in a temporary directory that is deleted when the JVM exits. Either way the broker can
 * be {@link #stop() stopped} and {@link #start() started} again within the JVM, on the same address and with its
 * data, which the fault tests use to take Kafka away while commands keep arriving.
 */
public final class EmbeddedKafka {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafka.class);

    private static KraftBroker broker;
    private static boolean temporaryLog;

    private EmbeddedKafka() {
    }

    /**
     * Makes sure this JVM's broker runs and returns its bootstrap servers. The first call decides the data
     * directory; later calls return the same address (starting the broker again if it was stopped).
     *
     * @param dataDir where the broker keeps its log so it survives a restart of the process; {@code null} for a
     *                log that lives as long as the JVM
     */
    public static synchronized String startOnce(Path dataDir) {
        if (broker == null) {
            temporaryLog = dataDir == null;
            broker = new KraftBroker(temporaryLog ? temporaryDirectory() : dataDir);
            keepJvmAliveOnBrokerFault();
            Runtime.getRuntime().addShutdownHook(new Thread(EmbeddedKafka::shutdown, "embedded-kafka-stop"));
        } else if (dataDir != null && !dataDir.toAbsolutePath().equals(broker.logDir())) {
            log.warn("Embedded Kafka already uses {}; ignoring the data directory {}", broker.logDir(), dataDir);
        }
        start();
        return broker.bootstrapServers();
    }

    /** Starts the broker again after {@link #stop()}, on the same address and with the same data. */
    public static synchronized void start() {
        requireStarted();
        if (!broker.isRunning()) {
            long began = System.nanoTime();
            broker.start();
            log.info("Embedded Kafka broker (KRaft) on {} in {} ms ({})", broker.bootstrapServers(),
                    (System.nanoTime() - began) / 1_000_000,
                    temporaryLog ? "temporary log " + broker.logDir() : "data in " + broker.logDir());
        }
    }

    /**
     * Stops the broker cleanly; its address and data are kept for {@link #start()}. Clients see the broker go
     * away as they would a real one.
     */
    public static synchronized void stop() {
        if (broker != null && broker.isRunning()) {
            broker.stop();
            log.info("Embedded Kafka broker on {} stopped", broker.bootstrapServers());
        }
    }

    public static synchronized void restart() {
        stop();
        start();
    }

    public static synchronized boolean isRunning() {
        return broker != null && broker.isRunning();
    }

    /** The broker's address, also while it is stopped; {@code null} before the first {@link #startOnce}. */
    public static synchronized String bootstrapServers() {
        return broker == null ? null : broker.bootstrapServers();
    }

    private static synchronized void shutdown() {
        stop();
        if (broker != null && temporaryLog) {
            deleteRecursively(broker.logDir());
        }
    }

    private static void requireStarted() {
        if (broker == null) {
            throw new IllegalStateException("The embedded Kafka broker was never started (call startOnce first)");
        }
    }

    /**
     * Kafka's server code halts the process on a fatal fault, which in-process would take both services (or the
     * whole test JVM) down with the development broker. Log it instead; the broker is unusable until restarted.
     */
    private static void keepJvmAliveOnBrokerFault() {
        Exit.setHaltProcedure((status, message) ->
                log.error("Embedded Kafka broker hit a fatal fault (status {}): {}", status, message));
        Exit.setExitProcedure((status, message) ->
                log.error("Embedded Kafka broker asked to exit (status {}): {}", status, message));
    }

    private static Path temporaryDirectory() {
        try {
            return Files.createTempDirectory("meridian-kafka-");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a temporary Kafka log directory", e);
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            log.debug("Could not delete {}", dir, e);
        }
    }
}
