package dev.meridian.embedded;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * One Apache Kafka node in KRaft combined mode (broker and controller), run in this JVM from Kafka's own server
 * code ({@link KafkaRaftServer}) on a log directory we choose. The directory is formatted once (cluster id,
 * node id, bootstrap metadata); afterwards every start reuses it, so topics, records and committed offsets survive
 * both {@link #stop()}/{@link #start()} in this JVM and a restart of the process.
 *
 * <p>The two ports (client and controller) are chosen when the object is created and kept for its life, so that
 * clients configured with {@link #bootstrapServers()} reconnect to the same address after a restart.
 */
final class KraftBroker {

    private static final String HOST = "127.0.0.1";
    private static final int NODE_ID = 1;

    private final Path logDir;
    private final int port;
    private final int controllerPort;
    private KafkaRaftServer server;

    KraftBroker(Path logDir) {
        this(logDir, freePort(), freePort());
    }

    KraftBroker(Path logDir, int port, int controllerPort) {
        this.logDir = logDir.toAbsolutePath();
        this.port = port;
        this.controllerPort = controllerPort;
    }

    String bootstrapServers() {
        return HOST + ":" + port;
    }

    Path logDir() {
        return logDir;
    }

    synchronized boolean isRunning() {
        return server != null;
    }

    /** Starts the node (formatting its directory the first time); does nothing when it already runs. */
    synchronized void start() {
        if (server != null) {
            return;
        }
        KafkaConfig config = KafkaConfig.fromProps(properties(), false);
        formatOnce();
        KafkaRaftServer started = new KafkaRaftServer(config, Time.SYSTEM);
        try {
            started.startup();
        } catch (RuntimeException e) {
            started.shutdown();
            started.awaitShutdown();
            throw e;
        }
        server = started;
    }

    /** Stops the node cleanly: the log is flushed and closed, the ports are released but remembered. */
    synchronized void stop() {
        if (server == null) {
            return;
        }
        KafkaRaftServer stopping = server;
        server = null;
        stopping.shutdown();
        stopping.awaitShutdown();
    }

    private Properties properties() {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", Integer.toString(NODE_ID));
        p.put("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
        p.put("listeners", "PLAINTEXT://" + HOST + ":" + port + ",CONTROLLER://" + HOST + ":" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://" + HOST + ":" + port);
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("log.dirs", logDir.toString());
        // Topics are created by the services with the partitions they are configured with.
        p.put("auto.create.topics.enable", "false");
        p.put("num.partitions", "1");
        p.put("default.replication.factor", "1");
        p.put("min.insync.replicas", "1");
        p.put("offsets.topic.replication.factor", "1");
        // 50 offset partitions by default: needless start-up work for one development node.
        p.put("offsets.topic.num.partitions", "5");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "5");
        p.put("group.initial.rebalance.delay.ms", "0");
        // The log cleaner (needed for the compacted offsets topic) would otherwise reserve 128 MiB up front.
        p.put("log.cleaner.dedupe.buffer.size", Integer.toString(8 * 1024 * 1024));
        p.put("log.cleaner.threads", "1");
        p.put("num.network.threads", "2");
        p.put("num.io.threads", "2");
        p.put("background.threads", "2");
        return p;
    }

    private void formatOnce() {
        if (Files.exists(logDir.resolve("meta.properties"))) {
            return;
        }
        try {
            Files.createDirectories(logDir);
            new Formatter()
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                    .setNodeId(NODE_ID)
                    .setClusterId(Uuid.randomUuid().toString())
                    .setDirectories(List.of(logDir.toString()))
                    .setMetadataLogDirectory(logDir.toString())
                    .setControllerListenerName("CONTROLLER")
                    .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                    .setIgnoreFormatted(true)
                    .run();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create Kafka log directory " + logDir, e);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot format Kafka log directory " + logDir, e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free port for the embedded Kafka broker", e);
        }
    }
}
