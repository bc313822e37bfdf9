package dev.meridian.embedded;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import java.util.function.Consumer;
import org.h2.mvstore.MVStore;

/** A wire-protocol server on a given backend for one piece of test work, through the real driver, then stopped. */
final class WireServer {

    private WireServer() {
    }

    static void with(MongoBackend backend, String databaseName, Consumer<MongoDatabase> work) {
        MongoServer server = new MongoServer(backend);
        try {
            server.bind("127.0.0.1", 0);
            try (MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + server.getLocalAddress().getPort())) {
                work.accept(client.getDatabase(databaseName));
            }
        } finally {
            server.shutdownNow();
        }
    }

    /** The same work on each of the embedded server's backends: in memory, and H2 (on an in-memory store). */
    static void withEachBackend(String databaseName, Consumer<MongoDatabase> work) {
        with(new IndexingMemoryBackend(), databaseName, work);
        MVStore store = MVStore.open(null);
        try {
            with(new VersionPinningH2Backend(store), databaseName, work);
        } finally {
            store.close();
        }
    }
}
