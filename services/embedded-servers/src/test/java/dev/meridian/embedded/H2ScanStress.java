package dev.meridian.embedded;

import com.mongodb.MongoCommandException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.bson.Document;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

/**
 * The benchmark's "Chunk n not found" conditions in small, over the wire: a bulk write of courses, then a full scan
 * (countDocuments) while other writes commit and the store compacts.
 *
 * <p>In the benchmark it took 186,000 course documents: scans long enough for many once-a-second commits, chunks
 * older than H2's 45 s retention time, a collection far bigger than the 16 MB page cache, and background compaction
 * of the half-dead chunks a bulk write leaves. Here the same conditions are set up directly: a store with no
 * retention time and a 1 MB page cache, and, while each scan runs, a helper that does what the store's background
 * thread does (commit, compact) as fast as it can.
 */
final class H2ScanStress {

    static final int COURSES = 1_000;

    private H2ScanStress() {
    }

    record Outcomes(int scans, List<String> failures, List<Long> counted, long fewestCommitsDuringAScan) {
    }

    static Outcomes run(Path dir, Function<MVStore, H2Backend> backendOn,
            int rounds) throws Exception {
        MVStore store = new MVStore.Builder().fileName(dir.resolve("stress.mv").toString()).cacheSize(1).open();
        // Every chunk counts as old enough to drop, as in a bulk write that has run for more than 45 s.
        store.setRetentionTime(0);
        H2Backend backend = backendOn.apply(store);
        MongoServer server = new MongoServer(backend);
        server.bind("127.0.0.1", 0);
        Random random = new Random(5);
        List<String> failures = new ArrayList<>();
        List<Long> counted = new ArrayList<>();
        int scans = 0;
        long fewestCommits = Long.MAX_VALUE;
        try (MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + server.getLocalAddress().getPort())) {
            MongoDatabase outcomes = client.getDatabase("outcomes");
            MVMap<Integer, Integer> otherWrites = store.openMap("other-writes");
            for (int round = 0; round < rounds; round++) {
                // Each round a fresh bulk write, then a full scan: the benchmark's filling and count, in small.
                MongoCollection<Document> courses = outcomes.getCollection("course_outcomes_" + round);
                courses.insertMany(courses(random, COURSES));
                backend.commit();

                AtomicBoolean scanning = new AtomicBoolean(true);
                CompletableFuture<Void> storeWork = CompletableFuture.runAsync(() -> {
                    int n = 0;
                    while (scanning.get()) {
                        // Other collections' writes and their commits, and the background compaction, fast-forwarded.
                        otherWrites.put(n % 100, n);
                        if (n++ % 4 == 0) {
                            store.compact(100, 256 * 1024);
                        }
                        store.commit();
                    }
                });
                try {
                    scans++;
                    long before = store.getCurrentVersion();
                    counted.add(courses.countDocuments());
                    fewestCommits = Math.min(fewestCommits, store.getCurrentVersion() - before);
                } catch (MongoCommandException e) {
                    failures.add(e.getErrorMessage());
                } finally {
                    scanning.set(false);
                    storeWork.get();
                }
                if (!failures.isEmpty()) {
                    break;
                }
            }
        } finally {
            server.shutdownNow();
        }
        return new Outcomes(scans, failures, counted, fewestCommits);
    }

    private static List<Document> courses(Random random, int count) {
        List<Document> batch = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            batch.add(course(new UUID(random.nextLong(), random.nextLong()).toString(), i));
        }
        return batch;
    }

    private static Document course(String id, int i) {
        List<Document> sessions = new ArrayList<>();
        for (int k = 0; k < 3; k++) {
            sessions.add(new Document("sessionNumber", k + 1).append("painBefore", 6 - k).append("painAfter", 3 - k));
        }
        return new Document("_id", id)
                .append("chronicity", i % 3 == 0 ? "CHRONIC" : "ACUTE")
                .append("locationId", "loc-" + i % 17)
                .append("practitionerId", "pr-" + i % 91)
                .append("openedOn", "2025-" + String.format("%02d", 1 + i % 12) + "-01")
                .append("sessions", sessions);
    }
}
