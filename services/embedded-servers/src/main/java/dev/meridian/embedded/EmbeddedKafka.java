package dev.meridian.embedded;

import java.nio.file.Path;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * The embedded Kafka default: a real Apache Kafka broker in KRaft mode, run in-process from Kafka's own server
 * code. One per JVM. Topics are created by the services themselves (names and partitions are configuration).
 */
public final class EmbeddedKafka {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafka.class);

    private static EmbeddedKafkaKraftBroker broker;
    private static String bootstrapServers;

    private EmbeddedKafka() {
    }

    /**
     * Starts the broker once per JVM and returns its bootstrap servers.
     *
     * @param dataDir where the broker keeps its log so it survives a restart; {@code null} for a throw-away log
     */
    public static synchronized String startOnce(Path dataDir) {
        if (bootstrapServers != null) {
            return bootstrapServers;
        }
        if (dataDir != null) {
            throw new UnsupportedOperationException("A persistent embedded broker is not available yet");
        }
        EmbeddedKafkaKraftBroker started = new EmbeddedKafkaKraftBroker(1, 1);
        started.brokerProperties(Map.of(
                "auto.create.topics.enable", "false",
                "transaction.state.log.replication.factor", "1",
                "transaction.state.log.min.isr", "1",
                "offsets.topic.replication.factor", "1",
                "group.initial.rebalance.delay.ms", "0"));
        started.afterPropertiesSet();
        broker = started;
        bootstrapServers = started.getBrokersAsString();
        log.info("Embedded Kafka broker (KRaft) on {}", bootstrapServers);
        Runtime.getRuntime().addShutdownHook(new Thread(EmbeddedKafka::stop, "embedded-kafka-stop"));
        return bootstrapServers;
    }

    public static synchronized boolean isRunning() {
        return bootstrapServers != null;
    }

    public static synchronized void stop() {
        if (broker != null) {
            broker.destroy();
            broker = null;
            bootstrapServers = null;
        }
    }
}
