package dev.meridian.embedded;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.bson.Document;
import org.h2.mvstore.MVStore;

/**
 * Bulk insert speed, the library's H2Backend against VersionPinningH2Backend, for
 * docs/decisions/0005-embedded-h2-store-settings.md; run by hand (timings depend on the machine, so not a test).
 * Test class path, then {@code <documents> <pairs>}: insertMany of 2,000 course-shaped documents with random ids (as
 * the benchmark's filling writes them) into a store with H2's defaults, then one full scan; the two backends
 * alternate (and which goes first), each on a fresh store.
 */
public final class H2InsertSpeedComparison {

    private H2InsertSpeedComparison() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.out.println("arguments: <documents> <pairs>");
            return;
        }
        inserts(Integer.parseInt(args[0]), Integer.parseInt(args[1]));
    }

    private static void inserts(int documents, int pairs) throws Exception {
        for (int pair = 0; pair < pairs; pair++) {
            for (int turn = 0; turn < 2; turn++) {
                // Which goes first alternates too, so that JIT warm-up does not favour one.
                int variant = (pair + turn) % 2;
                Path dir = Files.createTempDirectory("h2-insert-speed");
                MVStore store = new MVStore.Builder().fileName(dir.resolve("speed.mv").toString()).open();
                H2Backend backend = variant == 0 ? new H2Backend(store) : new VersionPinningH2Backend(store);
                MongoServer server = new MongoServer(backend);
                server.bind("127.0.0.1", 0);
                try (MongoClient client = MongoClients.create("mongodb://127.0.0.1:"
                        + server.getLocalAddress().getPort())) {
                    MongoCollection<Document> courses = client.getDatabase("outcomes").getCollection("course_outcomes");
                    Random random = new Random(pair);
                    long start = System.nanoTime();
                    for (int from = 0; from < documents; from += 2_000) {
                        courses.insertMany(batch(random, Math.min(2_000, documents - from)));
                    }
                    long insertNanos = System.nanoTime() - start;
                    start = System.nanoTime();
                    long counted = courses.countDocuments();
                    long scanNanos = System.nanoTime() - start;
                    System.out.printf("pair %d %s: %d documents inserted in %.1f s = %.0f documents/s; full scan %.1f s"
                            + " (%d counted)%n", pair, variant == 0 ? "H2Backend" : "VersionPinningH2Backend",
                            documents, insertNanos / 1e9, documents / (insertNanos / 1e9), scanNanos / 1e9, counted);
                } finally {
                    server.shutdownNow();
                }
            }
        }
    }

    private static List<Document> batch(Random random, int count) {
        List<Document> docs = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            List<Document> sessions = new ArrayList<>();
            for (int k = 0; k < 3; k++) {
                sessions.add(new Document("sessionNumber", k + 1).append("painBefore", 6 - k)
                        .append("painAfter", 3 - k));
            }
            docs.add(new Document("_id", new UUID(random.nextLong(), random.nextLong()).toString())
                    .append("chronicity", i % 3 == 0 ? "CHRONIC" : "ACUTE")
                    .append("locationId", "loc-" + i % 17)
                    .append("practitionerId", "pr-" + i % 91)
                    .append("openedOn", "2025-" + String.format("%02d", 1 + i % 12) + "-01")
                    .append("sessions", sessions));
        }
        return docs;
    }
}
