package dev.meridian.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.backend.IndexKey;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The embedded server's ordered index: queries it serves answer exactly what a scan answers, a streaming processor's
 * poll reads only the tail of the event collection, and the index is rebuilt when a stored collection is opened.
 */
class OrderedIndexTest {

    private static final String EVENT_ORDER = SecondaryIndexes.DEFAULT;
    private static final Instant START = Instant.parse("2026-12-01T08:00:00Z");

    static Stream<Named<Supplier<MongoBackend>>> backends() {
        return Stream.of(
                Named.of("in memory (tests)", IndexingMemoryBackend::new),
                Named.of("H2 (local stack)", () -> new VersionPinningH2Backend(new MVStore.Builder().open())));
    }

    @ParameterizedTest
    @MethodSource("backends")
    void everyQueryTheIndexServesAnswersWhatAScanAnswers(Supplier<MongoBackend> backend) {
        withServer(backend.get(), database -> {
            MongoCollection<Document> indexed = eventCollection(database, "indexed", EVENT_ORDER);
            // Same documents, same declared keys, a name the server ignores: every query on it is a scan.
            MongoCollection<Document> scanned = eventCollection(database, "scanned", "notKept");
            Random random = new Random(20261202);
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                Document event = new Document("_id", "event-" + i).append("sequenceNumber", (long) random.nextInt(5))
                        .append("eventIdentifier", "event-" + i);
                putTimestamp(event, random);
                indexed.insertOne(event);
                scanned.insertOne(event);
                ids.add("event-" + i);
            }
            for (int i = 0; i < 80; i++) {
                String id = ids.get(random.nextInt(ids.size()));
                Document change = new Document();
                putTimestamp(change, random);
                Bson update = change.containsKey("timestamp")
                        ? new Document("$set", change) : new Document("$unset", new Document("timestamp", ""));
                indexed.updateOne(Filters.eq("_id", id), update);
                scanned.updateOne(Filters.eq("_id", id), update);
            }
            for (int i = 0; i < 40; i++) {
                String id = ids.remove(random.nextInt(ids.size()));
                indexed.deleteOne(Filters.eq("_id", id));
                scanned.deleteOne(Filters.eq("_id", id));
            }

            int narrowed = 0;
            for (int i = 0; i < 300; i++) {
                Bson query = randomQuery(random, ids);
                List<Object> fromIndex = idsOf(indexed, query);
                assertThat(fromIndex).as("%s", query).isEqualTo(idsOf(scanned, query));
                if (!fromIndex.isEmpty() && fromIndex.size() < ids.size() / 2) {
                    narrowed++;
                }
            }
            // The queries were not all trivially empty or everything.
            assertThat(narrowed).isGreaterThan(100);

            // Sorted reads with a limit (and a skip), which the index stops at the limit's last value, and sorts it
            // does not stop early for, which read as before.
            for (int i = 0; i < 300; i++) {
                Bson query = randomQuery(random, ids);
                Bson sort = switch (random.nextInt(4)) {
                    case 0 -> Sorts.descending("timestamp", "_id");
                    case 1 -> Sorts.ascending("sequenceNumber", "timestamp", "_id");
                    default -> Sorts.ascending("timestamp", "sequenceNumber", "_id");
                };
                int skip = random.nextInt(3) == 0 ? random.nextInt(5) : 0;
                int limit = 1 + random.nextInt(40);
                assertThat(idsOf(indexed, query, sort, skip, limit)).as("%s %s skip %d limit %d", query, sort, skip,
                        limit).isEqualTo(idsOf(scanned, query, sort, skip, limit));
            }
        });
    }

    @Test
    void aStreamingProcessorsPollReadsOnlyTheEventsAfterItsPosition() {
        OrderedIndex<Integer> index = eventOrder(10_000, 1);
        // What axon-mongo asks on every poll: events from (token's timestamp - look-back), minus those it has seen.
        de.bwaldvogel.mongo.bson.Document poll = new de.bwaldvogel.mongo.bson.Document("$and", List.of(
                new de.bwaldvogel.mongo.bson.Document("timestamp",
                        new de.bwaldvogel.mongo.bson.Document("$gte", axonTimestamp(9_990))),
                new de.bwaldvogel.mongo.bson.Document("eventIdentifier",
                        new de.bwaldvogel.mongo.bson.Document("$nin", List.of("event-9990")))));

        assertThat(index.canHandle(poll)).isTrue();
        assertThat(index.getPositions(poll)).containsExactly(9990, 9991, 9992, 9993, 9994, 9995, 9996, 9997, 9998,
                9999);
        // Shapes it cannot narrow are left to a scan.
        assertThat(index.canHandle(new de.bwaldvogel.mongo.bson.Document("timestamp",
                new de.bwaldvogel.mongo.bson.Document("$in", List.of("a", "b"))))).isFalse();
        assertThat(index.canHandle(new de.bwaldvogel.mongo.bson.Document("sequenceNumber", 3L))).isFalse();
        assertThat(index.canHandle(new de.bwaldvogel.mongo.bson.Document("timestamp", null))).isFalse();
    }

    @Test
    void aPollFarBehindLooksAtTheFirstBatchOfEventsNotAtEverythingAfterIt() {
        // Ten events per millisecond: the batch's last instant has more events than the batch needs.
        OrderedIndex<Integer> index = eventOrder(10_000, 10);
        de.bwaldvogel.mongo.bson.Document poll = new de.bwaldvogel.mongo.bson.Document("timestamp",
                new de.bwaldvogel.mongo.bson.Document("$gte", axonTimestamp(0)));
        de.bwaldvogel.mongo.bson.Document inEventOrder = new de.bwaldvogel.mongo.bson.Document("timestamp", 1)
                .append("sequenceNumber", 1);
        List<Integer> looked = new ArrayList<>();

        // Every fifth event does not match the rest of the query (say, seen already).
        List<Integer> positions = index.firstPositions(poll, inEventOrder, 25, position -> {
            looked.add(position);
            return position % 5 != 0;
        });

        // The 25th match is event 31 (instant 3); the rest of that instant's events (32-39) are read too.
        assertThat(positions).hasSize(32).doesNotContain(0, 5, 10, 15, 20, 25, 30, 35);
        assertThat(looked).hasSize(40).startsWith(0, 1, 2).endsWith(39);
        // A sort the index's order does not give is read as before.
        assertThat(index.firstPositions(poll, new de.bwaldvogel.mongo.bson.Document("timestamp", -1), 25,
                position -> true)).isNull();
        assertThat(index.firstPositions(poll, new de.bwaldvogel.mongo.bson.Document("sequenceNumber", 1), 25,
                position -> true)).isNull();
    }

    @Test
    void aStoredCollectionsIndexIsRebuiltWhenTheStoreIsOpenedAgain(@TempDir Path dir) {
        String file = dir.resolve("store.mv").toString();
        withServer(new VersionPinningH2Backend(new MVStore.Builder().fileName(file).open()), database -> {
            MongoCollection<Document> events = eventCollection(database, "domainevents", EVENT_ORDER);
            for (int i = 0; i < 300; i++) {
                events.insertOne(new Document("_id", "event-" + i).append("timestamp", START.plusSeconds(i).toString()));
            }
        });
        withServer(new VersionPinningH2Backend(new MVStore.Builder().fileName(file).open()), database -> {
            MongoCollection<Document> events = database.getCollection("domainevents");
            assertThat(indexSize(database, "domainevents", EVENT_ORDER)).isEqualTo(300);
            events.insertOne(new Document("_id", "event-after-restart")
                    .append("timestamp", START.plusSeconds(1_000).toString()));
            assertThat(idsOf(events, Filters.gte("timestamp", START.plusSeconds(298).toString())))
                    .containsExactly("event-298", "event-299", "event-after-restart");
        });
    }

    @Test
    void onlyTheIndexesNamedInThePropertyAreKept() {
        String before = System.getProperty(SecondaryIndexes.PROPERTY);
        System.setProperty(SecondaryIndexes.PROPERTY, "");
        try {
            withServer(new IndexingMemoryBackend(), database -> {
                MongoCollection<Document> events = eventCollection(database, "domainevents", EVENT_ORDER);
                events.insertOne(new Document("_id", "event-1").append("timestamp", START.toString()));
                assertThat(indexSize(database, "domainevents", EVENT_ORDER)).isZero();
                assertThat(idsOf(events, Filters.gte("timestamp", START.toString()))).containsExactly("event-1");
            });
        } finally {
            if (before == null) {
                System.clearProperty(SecondaryIndexes.PROPERTY);
            } else {
                System.setProperty(SecondaryIndexes.PROPERTY, before);
            }
        }
    }

    /** Fixed-width, as axon-mongo writes them, so that text order is time order. */
    /** The event store's tracking-order index over {@code events} events, {@code perMilli} stored per millisecond. */
    private static OrderedIndex<Integer> eventOrder(int events, int perMilli) {
        OrderedIndex<Integer> index = new OrderedIndex<>(EVENT_ORDER,
                List.of(new IndexKey("timestamp", true), new IndexKey("sequenceNumber", true)), false);
        for (int i = 0; i < events; i++) {
            index.add(new de.bwaldvogel.mongo.bson.Document("_id", "event-" + i)
                    .append("timestamp", axonTimestamp(i / perMilli)), i, null);
        }
        return index;
    }

    private static String axonTimestamp(long millisAfterStart) {
        return DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC)
                .format(START.plusMillis(millisAfterStart));
    }

    private static void withServer(MongoBackend backend, Consumer<MongoDatabase> work) {
        WireServer.with(backend, "ordered_index_test", work);
    }

    private static MongoCollection<Document> eventCollection(MongoDatabase database, String name, String indexName) {
        MongoCollection<Document> collection = database.getCollection(name);
        collection.createIndex(Indexes.ascending("timestamp", "sequenceNumber"), new IndexOptions().name(indexName));
        return collection;
    }

    /** Mostly ISO instants as axon-mongo stores them, and the odd value a scan must still find: none, null, a number, a list. */
    private static void putTimestamp(Document event, Random random) {
        int kind = random.nextInt(20);
        Instant at = START.plusSeconds(random.nextInt(1_000));
        switch (kind) {
            case 0 -> { }
            case 1 -> event.append("timestamp", null);
            case 2 -> event.append("timestamp", random.nextInt(1_000));
            case 3 -> event.append("timestamp", List.of(at.toString(), at.plusSeconds(500).toString()));
            default -> event.append("timestamp", at.toString());
        }
    }

    private static Bson randomQuery(Random random, List<String> ids) {
        String a = START.plusSeconds(random.nextInt(1_000)).toString();
        String b = START.plusSeconds(random.nextInt(1_000)).toString();
        return switch (random.nextInt(9)) {
            case 0 -> Filters.gte("timestamp", a);
            case 1 -> Filters.gt("timestamp", a);
            case 2 -> Filters.lt("timestamp", a);
            case 3 -> Filters.lte("timestamp", a);
            case 4 -> Filters.and(Filters.gte("timestamp", a), Filters.lt("timestamp", b));
            case 5 -> Filters.eq("timestamp", a);
            case 6 -> Filters.gte("timestamp", random.nextInt(1_000));
            case 7 -> new Document("timestamp", new Document("$gte", a).append("$lte", b));
            default -> Filters.and(Filters.gte("timestamp", a),
                    Filters.nin("eventIdentifier", ids.subList(0, random.nextInt(Math.min(20, ids.size())))));
        };
    }

    private static List<Object> idsOf(MongoCollection<Document> collection, Bson query) {
        List<Object> ids = new ArrayList<>();
        collection.find(query).sort(Sorts.ascending("timestamp", "sequenceNumber", "_id"))
                .forEach(document -> ids.add(document.get("_id")));
        Set<Object> distinct = new HashSet<>(ids);
        assertThat(distinct).as("each document once").hasSize(ids.size());
        return ids;
    }

    private static List<Object> idsOf(MongoCollection<Document> collection, Bson query, Bson sort, int skip,
                                      int limit) {
        List<Object> ids = new ArrayList<>();
        collection.find(query).sort(sort).skip(skip).limit(limit).forEach(document -> ids.add(document.get("_id")));
        return ids;
    }

    private static long indexSize(MongoDatabase database, String collection, String indexName) {
        Document stats = database.runCommand(new Document("collStats", collection));
        return ((Number) stats.get("indexSize", Document.class).get(indexName)).longValue();
    }
}
