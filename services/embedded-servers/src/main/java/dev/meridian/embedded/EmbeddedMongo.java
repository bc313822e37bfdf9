package dev.meridian.embedded;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded MongoDB default: mongo-java-server, a wire-protocol server the real driver talks to over TCP.
 * One per JVM, bound to loopback on a free port. In memory, or in an H2 file under a data directory when one is
 * given (the local stack). Not a production database: see docs/decisions on embedded defaults.
 */
public final class EmbeddedMongo {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedMongo.class);

    private static MongoServer server;
    private static String connectionString;
    /** Only with the H2 backend. */
    private static StoreFailureWatch storeWatch;

    private EmbeddedMongo() {
    }

    /** Starts the server once per JVM and returns its connection string; later calls return the same one. */
    public static synchronized String startOnce(Path dataDir) {
        if (server != null) {
            return connectionString;
        }
        MongoBackend backend = dataDir == null ? new IndexingMemoryBackend() : h2Backend(dataDir);
        MongoServer started = new MongoServer(backend);
        started.bind("127.0.0.1", 0);
        InetSocketAddress address = started.getLocalAddress();
        server = started;
        connectionString = "mongodb://127.0.0.1:" + address.getPort();
        log.info("Embedded MongoDB wire-protocol server on {} ({})", connectionString,
                dataDir == null ? "in memory" : "data in " + dataDir);
        Runtime.getRuntime().addShutdownHook(new Thread(EmbeddedMongo::stop, "embedded-mongo-stop"));
        return connectionString;
    }

    /** The declared secondary indexes this server keeps (decision 0007); every other one it ignores. */
    public static java.util.Set<String> keptSecondaryIndexes() {
        return SecondaryIndexes.kept();
    }

    public static synchronized boolean isRunning() {
        return server != null;
    }

    /**
     * Calls the listener once, on a thread of its own, if the H2 store fails for good: H2 could not write a chunk
     * (out of heap, a full disk) and closed the store, so every later request fails. Whatever was committed before
     * (about once a second) is kept. Nothing happens with the in-memory backend, or once the server is stopped.
     */
    public static synchronized void onStoreFailure(Consumer<Throwable> listener) {
        if (storeWatch != null) {
            storeWatch.onFailure(listener);
        }
    }

    /** Stops the server; with the H2 backend this flushes and closes the file, so a clean stop loses nothing. */
    public static synchronized void stop() {
        if (storeWatch != null) {
            storeWatch.close();
            storeWatch = null;
        }
        if (server != null) {
            server.shutdownNow();
            server = null;
            connectionString = null;
        }
    }

    private static MongoBackend h2Backend(Path dataDir) {
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create MongoDB data directory " + dataDir, e);
        }
        // H2's defaults (what H2Backend(String) opens), but with reads pinned (VersionPinningH2Backend) and chunk
        // buffers reused (ReusedBufferFileStore).
        String file = dataDir.resolve("meridian-mongo.mv").toString();
        ReusedBufferFileStore fileStore = new ReusedBufferFileStore();
        fileStore.open(file, false, (char[]) null);
        // Adopted: the store closes the file store when it closes.
        StoreFailureWatch watch = new StoreFailureWatch();
        MVStore store = new MVStore.Builder().adoptFileStore(fileStore).backgroundExceptionHandler(watch).open();
        watch.watch(store, 1_000);
        storeWatch = watch;
        return new VersionPinningH2Backend(store);
    }
}
