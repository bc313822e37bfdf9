package dev.meridian.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.MongoNamespace;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.RenameCollectionOptions;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.function.Function;
import org.bson.Document;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A projection rebuild's swap on the H2 backend: staging collections renamed over the live ones, then created again
 * by the next rebuild, in the same process and after a restart.
 */
class EmbeddedH2DatabaseTest {

    @Test
    void theLibrarysBackendRefusesTheNextStagingCollectionAndLosesTheSwappedInOneOnRestart(@TempDir Path dir) {
        // The reproductions: should an upgrade make this fail, the library renames its maps itself.
        String file = dir.resolve("store.mv").toString();
        withServer(H2Backend::new, new MVStore.Builder().fileName(file).open(), database -> {
            database.getCollection("courses").insertOne(course("course-1", 0));
            swapIn(database, 1);
            assertThat(database.getCollection("courses").countDocuments()).isEqualTo(2);
            assertThatThrownBy(() -> database.getCollection("courses_rebuild").insertOne(course("course-1", 2)))
                    .isInstanceOf(MongoWriteException.class).hasMessageContaining("duplicate key");
        });
        withServer(H2Backend::new, new MVStore.Builder().fileName(file).open(), database ->
                assertThat(database.getCollection("courses").countDocuments()).isZero());
    }

    @Test
    void everyRebuildSwapsInItsCollectionAndTheNextStartsEmpty(@TempDir Path dir) {
        String file = dir.resolve("store.mv").toString();
        withServer(VersionPinningH2Backend::new, new MVStore.Builder().fileName(file).open(), database -> {
            database.getCollection("courses").insertOne(course("course-1", 0));
            for (int rebuild = 1; rebuild <= 3; rebuild++) {
                swapIn(database, rebuild);
                MongoCollection<Document> live = database.getCollection("courses");
                assertThat(live.find(Filters.eq("_id", "course-1")).first()).containsEntry("rebuild", rebuild);
                assertThat(live.countDocuments()).isEqualTo(2);
            }
        });
        withServer(VersionPinningH2Backend::new, new MVStore.Builder().fileName(file).open(), database -> {
            MongoCollection<Document> live = database.getCollection("courses");
            assertThat(live.find(Filters.eq("_id", "course-1")).first()).containsEntry("rebuild", 3);
            // The live collection's own _id index still holds its documents...
            assertThatThrownBy(() -> live.insertOne(course("course-1", 9)))
                    .isInstanceOf(MongoWriteException.class).hasMessageContaining("duplicate key");
            // ...and the next rebuild's staging collection starts empty.
            swapIn(database, 4);
            assertThat(live.find(Filters.eq("_id", "course-1")).first()).containsEntry("rebuild", 4);
        });
    }

    @Test
    void aStoreWrittenWithTheLibrarysIndexesKeepsItsKeysUniqueAndFoundWhenOpenedWithOurs(@TempDir Path dir) {
        String file = dir.resolve("store.mv").toString();
        withServer(H2Backend::new, new MVStore.Builder().fileName(file).open(), database -> {
            MongoCollection<Document> events = database.getCollection("domainevents");
            events.createIndex(new Document("aggregateIdentifier", 1).append("sequenceNumber", 1),
                    new com.mongodb.client.model.IndexOptions().unique(true).name("uniqueAggregateIndex"));
            for (int i = 0; i < 200; i++) {
                events.insertOne(new Document("_id", "event-" + i).append("aggregateIdentifier", "course-" + i % 20)
                        .append("sequenceNumber", (long) i / 20));
            }
        });
        withServer(VersionPinningH2Backend::new, new MVStore.Builder().fileName(file).open(), database -> {
            MongoCollection<Document> events = database.getCollection("domainevents");
            assertThat(events.find(Filters.eq("_id", "event-123")).first()).containsEntry("aggregateIdentifier",
                    "course-3");
            assertThatThrownBy(() -> events.insertOne(new Document("_id", "event-123")))
                    .isInstanceOf(MongoWriteException.class).hasMessageContaining("duplicate key");
            // A lost race in the event store: the same aggregate's sequence number twice.
            assertThatThrownBy(() -> events.insertOne(new Document("_id", "event-x")
                    .append("aggregateIdentifier", "course-7").append("sequenceNumber", 9L)))
                    .isInstanceOf(MongoWriteException.class).hasMessageContaining("duplicate key");
            events.insertOne(new Document("_id", "event-200").append("aggregateIdentifier", "course-7")
                    .append("sequenceNumber", 10L));
            events.deleteOne(Filters.eq("_id", "event-0"));
            events.insertOne(new Document("_id", "event-0").append("aggregateIdentifier", "course-0")
                    .append("sequenceNumber", 0L));
            assertThat(events.countDocuments()).isEqualTo(201);
        });
    }

    /** What a rebuild does: fill the staging collection, rename it over the live one. */
    private static void swapIn(MongoDatabase database, int rebuild) {
        MongoCollection<Document> staging = database.getCollection("courses_rebuild");
        staging.insertOne(course("course-1", rebuild));
        staging.insertOne(course("course-2", rebuild));
        staging.renameCollection(new MongoNamespace(database.getName(), "courses"),
                new RenameCollectionOptions().dropTarget(true));
    }

    private static Document course(String id, int rebuild) {
        return new Document("_id", id).append("rebuild", rebuild);
    }

    private static void withServer(Function<MVStore, H2Backend> backendOn, MVStore store,
                                   Consumer<MongoDatabase> work) {
        WireServer.with(backendOn.apply(store), "rebuild_swap", work);
    }
}
