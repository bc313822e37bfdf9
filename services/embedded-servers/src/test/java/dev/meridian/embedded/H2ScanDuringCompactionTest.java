package dev.meridian.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.MongoCommandException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import org.bson.Document;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.PausingFileStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark's "Chunk n not found" (a full scan of course_outcomes right after the bulk filling), made
 * deterministic: the scan is held after its first page read from the file while the store does what it did in the
 * benchmark during the scan's tens of seconds: commit other collections' writes (once a second there) and compact the
 * half-dead chunks a bulk write leaves. Retention time 0 stands for chunks older than H2's 45 s, as after a filling
 * of minutes. The mechanism is in docs/decisions/0005-embedded-h2-store-settings.md.
 */
class H2ScanDuringCompactionTest {

    private static final int COURSES = 1_000;

    @Test
    void withTheLibraryBackendTheScanLosesAChunkThatCompactionFreed(@TempDir Path dir) throws Exception {
        // The reproduction: should an upgrade make this fail, the library may no longer need VersionPinningH2Backend.
        ScanResult result = scanHeldWhileTheStoreCommitsAndCompacts(dir, H2Backend::new);

        assertThat(result.error()).contains("Chunk").contains("not found");
        assertThat(result.counted()).isNull();
    }

    @Test
    void withVersionPinningTheScanReadsEveryCourse(@TempDir Path dir) throws Exception {
        ScanResult result = scanHeldWhileTheStoreCommitsAndCompacts(dir, VersionPinningH2Backend::new);

        assertThat(result.error()).isNull();
        assertThat(result.counted()).isEqualTo(COURSES);
    }

    private record ScanResult(Long counted, String error) {
    }

    private static ScanResult scanHeldWhileTheStoreCommitsAndCompacts(Path dir,
            Function<MVStore, H2Backend> backendOn) throws Exception {
        String file = dir.resolve("courses.mv").toString();
        Random random = new Random(11);
        List<String> ids = new ArrayList<>();
        // The bulk write, in a first run of the server (so that the scan below reads from the file, not the cache).
        MongoServer writing = new MongoServer(backendOn.apply(new MVStore.Builder().fileName(file).open()));
        writing.bind("127.0.0.1", 0);
        try (MongoClient client = client(writing)) {
            MongoCollection<Document> courses = courses(client);
            for (int batch = 0; batch < 4; batch++) {
                List<Document> documents = new ArrayList<>();
                for (int i = 0; i < COURSES / 4; i++) {
                    String id = new UUID(random.nextLong(), random.nextLong()).toString();
                    ids.add(id);
                    documents.add(course(id, i));
                }
                courses.insertMany(documents);
            }
        } finally {
            writing.shutdownNow();
        }

        PausingFileStore fileStore = new PausingFileStore();
        fileStore.open(file, false, (char[]) null);
        MVStore store = new MVStore.Builder().adoptFileStore(fileStore).open();
        store.setRetentionTime(0);
        H2Backend backend = backendOn.apply(store);
        MongoServer server = new MongoServer(backend);
        server.bind("127.0.0.1", 0);
        try (MongoClient client = client(server)) {
            MongoCollection<Document> courses = courses(client);
            // Updates as in the filling: the chunks holding the courses' leaves are left part dead, so compaction
            // rewrites the rest of them, the leaves the scan has yet to read.
            for (int i = 0; i < 100; i++) {
                String id = ids.get(random.nextInt(ids.size()));
                courses.updateOne(Filters.eq("_id", id), Updates.inc("sessionsDone", 1));
            }
            backend.commit();

            fileStore.pauseFirstReadBy("mongo-server-worker");
            CompletableFuture<Long> scan = CompletableFuture.supplyAsync(courses::countDocuments);
            assertThat(fileStore.awaitPaused(30)).as("the scan read a page from the file").isTrue();
            MVMap<Integer, Integer> otherWrites = store.openMap("other-writes");
            for (int commit = 0; commit < 10; commit++) {
                otherWrites.put(commit, commit);
                store.compact(100, 64 * 1024 * 1024);
                store.commit();
            }
            fileStore.release();
            try {
                return new ScanResult(scan.join(), null);
            } catch (CompletionException e) {
                assertThat(e.getCause()).isInstanceOf(MongoCommandException.class);
                return new ScanResult(null, ((MongoCommandException) e.getCause()).getErrorMessage());
            }
        } finally {
            server.shutdownNow();
        }
    }

    private static MongoClient client(MongoServer server) {
        return MongoClients.create("mongodb://127.0.0.1:" + server.getLocalAddress().getPort());
    }

    private static MongoCollection<Document> courses(MongoClient client) {
        return client.getDatabase("outcomes").getCollection("course_outcomes");
    }

    private static Document course(String id, int i) {
        List<Document> sessions = new ArrayList<>();
        for (int k = 0; k < 3; k++) {
            sessions.add(new Document("sessionNumber", k + 1).append("painBefore", 6 - k)
                    .append("painAfter", 3 - k));
        }
        return new Document("_id", id)
                .append("chronicity", i % 3 == 0 ? "CHRONIC" : "ACUTE")
                .append("locationId", "loc-" + i % 17)
                .append("practitionerId", "pr-" + i % 91)
                .append("openedOn", "2025-" + String.format("%02d", 1 + i % 12) + "-01")
                .append("sessions", sessions);
    }
}
