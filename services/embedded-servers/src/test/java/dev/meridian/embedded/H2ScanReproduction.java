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
import java.util.function.Function;
import org.bson.Document;
import org.h2.mvstore.MVStore;

/**
 * The evidence for docs/decisions/0005-embedded-h2-store-settings.md, run by hand (not a test: its outcome for the
 * library's backend is a matter of chance and its timings of the machine). Test class path, then:
 * <ul>
 *   <li>{@code scans <trials>}: {@link H2ScanStress} up to 15 rounds per trial, stopping at the first lost chunk,
 *       with the library's H2Backend and with VersionPinningH2Backend, alternating;</li>
 *   <li>{@code inserts <documents> <pairs>}: insertMany of 2,000 course-shaped documents with random ids into a store
 *       with H2's defaults, as the benchmark's filling does, library backend and pinning backend alternating.</li>
 * </ul>
 */
public final class H2ScanReproduction {

    private H2ScanReproduction() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 3 && args[0].equals("inserts")) {
            inserts(Integer.parseInt(args[1]), Integer.parseInt(args[2]));
        } else if (args.length == 2 && args[0].equals("scans")) {
            scans(Integer.parseInt(args[1]));
        } else {
            System.out.println("usage: scans <trials> | inserts <documents> <pairs>");
        }
    }

    private static void scans(int trials) throws Exception {
        int[] failed = new int[2];
        for (int trial = 0; trial < trials; trial++) {
            for (int variant = 0; variant < 2; variant++) {
                Function<MVStore, H2Backend> backend = variant == 0 ? H2Backend::new : VersionPinningH2Backend::new;
                Path dir = Files.createTempDirectory("h2-scan-stress");
                H2ScanStress.Outcomes outcomes = H2ScanStress.run(dir, backend, 15);
                if (!outcomes.failures().isEmpty()) {
                    failed[variant]++;
                }
                System.out.printf("trial %d %s: %d scans, failures %s, fewest commits during a scan %d%n", trial,
                        variant == 0 ? "H2Backend" : "VersionPinningH2Backend", outcomes.scans(), outcomes.failures(),
                        outcomes.fewestCommitsDuringAScan());
            }
        }
        System.out.printf("lost a chunk: H2Backend in %d of %d trials, VersionPinningH2Backend in %d of %d%n",
                failed[0], trials, failed[1], trials);
    }

    private static void inserts(int documents, int pairs) throws Exception {
        for (int pair = 0; pair < pairs; pair++) {
            for (int variant = 0; variant < 2; variant++) {
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
                sessions.add(new Document("sessionNumber", k + 1).append("painBefore", 6 - k).append("painAfter", 3 - k));
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
