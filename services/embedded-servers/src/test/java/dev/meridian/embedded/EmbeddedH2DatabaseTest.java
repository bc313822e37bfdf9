package dev.meridian.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.MongoNamespace;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.RenameCollectionOptions;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.type.ObjectDataType;
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
    void collectionsKeepNoDataSizeTotalButCountAndIndexSizeAsBefore(@TempDir Path dir) {
        // Decision 0016: the library encoded every written document only to keep collStats' size.
        String file = dir.resolve("store.mv").toString();
        withServer(VersionPinningH2Backend::new, new MVStore.Builder().fileName(file).open(), database -> {
            MongoCollection<Document> courses = database.getCollection("courses");
            courses.insertOne(everyKind("course-1"));
            courses.insertOne(everyKind("course-2"));
            courses.updateOne(Filters.eq("_id", "course-1"), new Document("$set", new Document("rebuild", 7)));

            Document stats = database.runCommand(new Document("collStats", "courses"));

            assertThat(stats.get("count", Number.class).longValue()).isEqualTo(2);
            assertThat(stats.get("size", Number.class).longValue()).isZero();
            assertThat(stats.get("indexSize", Document.class)).containsKey("_id_");
            assertThat(courses.find(Filters.eq("_id", "course-1")).first()).containsEntry("rebuild", 7)
                    .containsEntry("text", everyKind("course-1").getString("text"));
        });
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

    @Test
    void aStoreWhoseUniqueKeysWereJavaSerializedBuildsItsIndexesAgainAndKeepsThemUnique(@TempDir Path dir) {
        // Stores written before decision 0017 keep unique keys Java-serialized, under "._keys_".
        String file = dir.resolve("store.mv").toString();
        withServer(VersionPinningH2Backend::new, new MVStore.Builder().fileName(file).open(), database -> {
            for (int i = 0; i < 100; i++) {
                database.getCollection("courses").insertOne(course("course-" + i, 0));
            }
        });
        MVStore written = new MVStore.Builder().fileName(file).open();
        try {
            written.removeMap("rebuild_swap.courses._key_bytes__id_");
            org.h2.mvstore.MVMap<byte[], Object> serialized = keyMap(written, "rebuild_swap.courses._keys__id_");
            for (int i = 0; i < 100; i++) {
                String id = "course-" + i;
                serialized.put(ObjectDataType.serialize(new KeyValue(id)), id);
            }
        } finally {
            written.close();
        }
        withServer(VersionPinningH2Backend::new, new MVStore.Builder().fileName(file).open(), database -> {
            MongoCollection<Document> courses = database.getCollection("courses");
            assertThat(courses.find(Filters.eq("_id", "course-42")).first()).containsEntry("rebuild", 0);
            assertThatThrownBy(() -> courses.insertOne(course("course-42", 1)))
                    .isInstanceOf(MongoWriteException.class).hasMessageContaining("duplicate key");
            courses.insertOne(course("course-100", 1));
            assertThat(courses.countDocuments()).isEqualTo(101);
        });
        MVStore reopened = new MVStore.Builder().fileName(file).open();
        try {
            assertThat(reopened.getMapNames()).contains("rebuild_swap.courses._key_bytes__id_")
                    .doesNotContain("rebuild_swap.courses._keys__id_");
            assertThat(keyMap(reopened, "rebuild_swap.courses._key_bytes__id_").sizeAsLong()).isEqualTo(101);
        } finally {
            reopened.close();
        }
    }

    @Test
    void documentsOfEveryKindComeBackAsTheyWereStoredAfterARestart(@TempDir Path dir) {
        String file = dir.resolve("store.mv").toString();
        Document stored = everyKind("course-1");
        withServer(VersionPinningH2Backend::new, new MVStore.Builder().fileName(file).open(), database -> {
            MongoCollection<Document> courses = database.getCollection("courses");
            courses.insertOne(stored);
            courses.updateOne(Filters.eq("_id", "course-1"), new Document("$inc", new Document("count", 2L))
                    .append("$set", new Document("nested.changed", true)));
        });
        Document expected = everyKind("course-1").append("count", 7L);
        expected.get("nested", Document.class).append("changed", true);
        withServer(VersionPinningH2Backend::new, new MVStore.Builder().fileName(file).open(), database ->
                assertThat(database.getCollection("courses").find().first()).isEqualTo(expected));
        // Stored as BSON, not in the library's Java serialization.
        MVStore store = new MVStore.Builder().fileName(file).open();
        try {
            org.h2.mvstore.MVMap<Object, Byte> raw = store.openMap("databases.rebuild_swap.courses",
                    new org.h2.mvstore.MVMap.Builder<Object, Byte>().valueType(new FirstByte()));
            assertThat(raw.values()).containsExactly(BsonDocumentType.BSON);
        } finally {
            store.close();
        }
    }

    @Test
    void aStoreWhoseDocumentsTheLibraryWroteIsReadAndChangedByOurs(@TempDir Path dir) {
        String file = dir.resolve("store.mv").toString();
        withServer(H2Backend::new, new MVStore.Builder().fileName(file).open(), database -> {
            for (int i = 0; i < 50; i++) {
                database.getCollection("courses").insertOne(everyKind("course-" + i));
            }
        });
        withServer(VersionPinningH2Backend::new, new MVStore.Builder().fileName(file).open(), database -> {
            MongoCollection<Document> courses = database.getCollection("courses");
            assertThat(courses.find(Filters.eq("_id", "course-7")).first()).isEqualTo(everyKind("course-7"));
            courses.updateOne(Filters.eq("_id", "course-7"), new Document("$set", new Document("count", 8L)));
            courses.insertOne(everyKind("course-50"));
        });
        withServer(VersionPinningH2Backend::new, new MVStore.Builder().fileName(file).open(), database -> {
            MongoCollection<Document> courses = database.getCollection("courses");
            assertThat(courses.countDocuments()).isEqualTo(51);
            assertThat(courses.find(Filters.eq("_id", "course-7")).first())
                    .isEqualTo(everyKind("course-7").append("count", 8L));
            assertThat(courses.find(Filters.eq("_id", "course-8")).first()).isEqualTo(everyKind("course-8"));
            assertThat(courses.find(Filters.eq("_id", "course-50")).first()).isEqualTo(everyKind("course-50"));
        });
    }

    @Test
    void aStoreWhoseObjectIdsWereJavaSerializedIsReadAndChangedByOursInTheSameOrder(@TempDir Path dir) {
        // Axon's events have ObjectId ids; builds before decision 0021 stored them in H2's format (Java-serialized).
        String file = dir.resolve("store.mv").toString();
        List<ObjectId> ids = IntStream.range(0, 300).mapToObj(i -> new ObjectId(new Date(1_700_000_000_000L
                + i % 7 * 86_400_000L), i)).toList();
        withServer(VersionPinningH2Backend::new, new MVStore.Builder().fileName(file).open(), database -> {
            MongoCollection<Document> events = database.getCollection("domainevents");
            ids.forEach(id -> events.insertOne(new Document("_id", id).append("sequenceNumber", ids.indexOf(id))));
        });
        MVStore written = new MVStore.Builder().fileName(file).open();
        try {
            rewriteInH2sFormat(written, "databases.rebuild_swap.domainevents",
                    new MVMap.Builder<Object, de.bwaldvogel.mongo.bson.Document>().keyType(new DocumentIdType())
                            .valueType(BsonDocumentType.INSTANCE),
                    new MVMap.Builder<Object, de.bwaldvogel.mongo.bson.Document>()
                            .valueType(BsonDocumentType.INSTANCE));
            rewriteInH2sFormat(written, "rebuild_swap.domainevents._key_bytes__id_",
                    new MVMap.Builder<byte[], Object>().keyType(H2KeyIndex.SerializedKeyType.INSTANCE)
                            .valueType(new DocumentIdType()),
                    new MVMap.Builder<byte[], Object>().keyType(H2KeyIndex.SerializedKeyType.INSTANCE));
        } finally {
            written.close();
        }
        MVStore before = new MVStore.Builder().fileName(file).open();
        try {
            // H2's own format reads every id back: nothing in the new format is left.
            assertThat(new ArrayList<>(before.openMap("databases.rebuild_swap.domainevents",
                    new MVMap.Builder<Object, de.bwaldvogel.mongo.bson.Document>()
                            .valueType(BsonDocumentType.INSTANCE)).keySet())).hasSize(300);
        } finally {
            before.close();
        }
        List<ObjectId> inOrder = ids.stream().sorted().toList();
        withServer(VersionPinningH2Backend::new, new MVStore.Builder().fileName(file).open(), database -> {
            MongoCollection<Document> events = database.getCollection("domainevents");
            assertThat(events.find(Filters.eq("_id", ids.get(123))).first()).containsEntry("sequenceNumber", 123);
            assertThat(events.find().map(event -> event.getObjectId("_id")).into(new ArrayList<>()))
                    .containsExactlyElementsOf(inOrder);
            assertThatThrownBy(() -> events.insertOne(new Document("_id", ids.get(7))))
                    .isInstanceOf(MongoWriteException.class).hasMessageContaining("duplicate key");
            events.deleteOne(Filters.eq("_id", ids.get(0)));
            events.insertOne(new Document("_id", ids.get(0)).append("sequenceNumber", -1));
            events.insertOne(new Document("_id", new ObjectId(new Date(1_600_000_000_000L), 1))
                    .append("sequenceNumber", 300));
        });
        withServer(VersionPinningH2Backend::new, new MVStore.Builder().fileName(file).open(), database -> {
            MongoCollection<Document> events = database.getCollection("domainevents");
            assertThat(events.countDocuments()).isEqualTo(301);
            assertThat(events.find(Filters.eq("_id", ids.get(0))).first()).containsEntry("sequenceNumber", -1);
            assertThat(events.find(Filters.eq("_id", ids.get(299))).first()).containsEntry("sequenceNumber", 299);
            List<ObjectId> stored = events.find().map(event -> event.getObjectId("_id")).into(new ArrayList<>());
            assertThat(stored).hasSize(301).isSorted();
        });
    }

    /** Writes a map again, under the same name, in the format {@code before} gives: builds before decision 0021. */
    private static <K, V> void rewriteInH2sFormat(MVStore store, String name, MVMap.Builder<K, V> now,
                                                  MVMap.Builder<K, V> before) {
        MVMap<K, V> current = store.openMap(name, now);
        MVMap<K, V> rewritten = store.openMap(name + ".before", before);
        rewritten.putAll(current);
        store.removeMap(current);
        store.renameMap(rewritten, name);
    }

    /** A unique index's map as H2KeyIndex opens it. */
    private static org.h2.mvstore.MVMap<byte[], Object> keyMap(MVStore store, String name) {
        return store.openMap(name,
                new org.h2.mvstore.MVMap.Builder<byte[], Object>().keyType(H2KeyIndex.SerializedKeyType.INSTANCE));
    }

    /** Reads a stored document as its first byte (and skips the BSON document after it). */
    private static final class FirstByte extends org.h2.mvstore.type.BasicDataType<Byte> {
        @Override
        public int getMemory(Byte value) {
            return 1;
        }

        @Override
        public void write(org.h2.mvstore.WriteBuffer buffer, Byte value) {
            throw new UnsupportedOperationException("read only");
        }

        @Override
        public Byte read(java.nio.ByteBuffer buffer) {
            byte first = buffer.get();
            buffer.position(buffer.position() + Integer.reverseBytes(buffer.getInt(buffer.position())));
            return first;
        }

        @Override
        public Byte[] createStorage(int size) {
            return new Byte[size];
        }
    }

    /** A document with every kind of value the read models and Axon's event store keep. */
    private static Document everyKind(String id) {
        return new Document("_id", id)
                .append("count", 5L).append("small", 3).append("ratio", 0.25).append("flag", true)
                .append("nothing", null).append("text", "Psoas released, needles retained 25 min; Ünïcode ✓")
                .append("at", java.util.Date.from(java.time.Instant.parse("2026-12-02T05:40:00Z")))
                .append("objectId", new org.bson.types.ObjectId("656a0b0c0d0e0f1011121314"))
                .append("amount", org.bson.types.Decimal128.parse("12.50"))
                .append("payload", new org.bson.types.Binary(new byte[] {1, 2, 3, (byte) 0xB5}))
                .append("list", java.util.List.of("a", 1, 2L, new Document("x", 1)))
                .append("nested", new Document("applied", new Document("session-1", 3L).append("session-2", 0L))
                        .append("empty", new Document()));
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
