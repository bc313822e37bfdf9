package dev.meridian.embedded;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the embedded MongoDB wire server and Kafka broker in a process of their own and prints their addresses as
 * {@code MONGODB_URI} / {@code KAFKA_BOOTSTRAP_SERVERS}. With those exported, the services and the integration
 * tests of another process treat them as external servers: the path production takes (addresses from the
 * environment, nothing started in-process), checked here without a real cluster. Stops on Ctrl-C.
 *
 * <p>Usage: {@code java -cp <embedded-servers class path> dev.meridian.embedded.StandaloneServers [data-dir]}; see
 * docs/operations.md ("Tests against external servers").
 */
public final class StandaloneServers {

    private StandaloneServers() {
    }

    public static void main(String[] args) throws InterruptedException {
        Path dataDir = args.length > 0 ? Path.of(args[0]) : null;
        String mongo = EmbeddedMongo.startOnce(dataDir == null ? null : dataDir.resolve("mongo"));
        String kafka = EmbeddedKafka.startOnce(dataDir == null ? null : dataDir.resolve("kafka"));
        System.out.println("export MONGODB_URI=" + mongo);
        System.out.println("export KAFKA_BOOTSTRAP_SERVERS=" + kafka);
        System.out.flush();
        // The servers' own threads keep running; the shutdown hooks of both stop them cleanly on Ctrl-C.
        new CountDownLatch(1).await();
    }
}
