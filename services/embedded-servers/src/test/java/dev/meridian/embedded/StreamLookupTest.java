package dev.meridian.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import de.bwaldvogel.mongo.backend.IndexKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;

/**
 * A stream's events read by aggregate id ({@code {aggregateIdentifier, sequenceNumber: {$gte}}}, or the id alone) are
 * looked up in the H2 backend's (aggregate, sequence) unique index instead of a scan, and answer what a scan answers.
 */
class StreamLookupTest {

    private static final List<IndexKey> STREAM = List.of(new IndexKey("aggregateIdentifier", true),
            new IndexKey("sequenceNumber", true));

    @Test
    void everyStreamReadAnswersWhatAScanAnswers() {
        WireServer.with(new VersionPinningH2Backend(new MVStore.Builder().open()), "stream_lookup", database -> {
            MongoCollection<Document> indexed = database.getCollection("indexed");
            indexed.createIndex(Indexes.ascending("aggregateIdentifier", "sequenceNumber"),
                    new IndexOptions().unique(true).name("uniqueAggregateIndex"));
            // Same documents, no index but _id's: every query on it is a scan.
            MongoCollection<Document> scanned = database.getCollection("scanned");
            Random random = new Random(20261203);
            for (int i = 0; i < 600; i++) {
                Document event = new Document("_id", "event-" + i).append("sequenceNumber", (long) i);
                switch (random.nextInt(30)) {
                    case 0 -> { }
                    case 1 -> event.append("aggregateIdentifier", random.nextInt(5));
                    // An array key has one index key per element; a prefix of another id must not match.
                    case 2 -> event.append("aggregateIdentifier", List.of(stream(random), stream(random)));
                    case 3 -> event.append("aggregateIdentifier", stream(random) + "0");
                    default -> event.append("aggregateIdentifier", stream(random));
                }
                indexed.insertOne(event);
                scanned.insertOne(event);
            }
            indexed.deleteMany(Filters.in("_id", "event-3", "event-30", "event-300"));
            scanned.deleteMany(Filters.in("_id", "event-3", "event-30", "event-300"));

            int found = 0;
            for (int i = 0; i < 200; i++) {
                String id = stream(random);
                Bson query = switch (random.nextInt(4)) {
                    case 0 -> Filters.eq("aggregateIdentifier", id);
                    case 1 -> Filters.and(Filters.eq("aggregateIdentifier", id),
                            Filters.gte("sequenceNumber", (long) random.nextInt(600)));
                    case 2 -> new Document("aggregateIdentifier", id)
                            .append("sequenceNumber", new Document("$lt", (long) random.nextInt(600)));
                    default -> Filters.eq("aggregateIdentifier", random.nextInt(5));
                };
                List<Object> fromIndex = idsOf(indexed, query);
                assertThat(fromIndex).as("%s", query).isEqualTo(idsOf(scanned, query));
                found += fromIndex.size();
            }
            // The queries found streams, not only nothing.
            assertThat(found).isGreaterThan(2_000);
        });
    }

    @Test
    void theIndexHandsOverOnlyTheStreamsDocuments() {
        MVStore store = MVStore.open(null);
        try {
            H2KeyIndex index = new H2KeyIndex(store, "events._key_bytes_uniqueAggregateIndex", "uniqueAggregateIndex",
                    STREAM, false);
            for (int i = 0; i < 1_000; i++) {
                index.add(new de.bwaldvogel.mongo.bson.Document("_id", "event-" + i)
                        .append("aggregateIdentifier", "course-" + i % 100).append("sequenceNumber", (long) i / 100),
                        "event-" + i, null);
            }
            de.bwaldvogel.mongo.bson.Document fromSequence3 = new de.bwaldvogel.mongo.bson.Document("$and", List.of(
                    new de.bwaldvogel.mongo.bson.Document("aggregateIdentifier", "course-7"),
                    new de.bwaldvogel.mongo.bson.Document("sequenceNumber",
                            new de.bwaldvogel.mongo.bson.Document("$gte", 3L))));

            assertThat(index.canHandle(fromSequence3)).isTrue();
            // The stream's ten events: the collection's matcher then keeps those from sequence 3.
            assertThat(index.getPositions(fromSequence3)).containsExactly("event-7", "event-107", "event-207",
                    "event-307", "event-407", "event-507", "event-607", "event-707", "event-807", "event-907");
            assertThat(index.getPositions(new de.bwaldvogel.mongo.bson.Document("aggregateIdentifier", "course-70")))
                    .hasSize(10).allMatch(position -> ((String) position).endsWith("70"));
            // Both keys, as before; no string on the first key: a scan, as before.
            assertThat(index.getPositions(new de.bwaldvogel.mongo.bson.Document("aggregateIdentifier", "course-7")
                    .append("sequenceNumber", 2L))).containsExactly("event-207");
            assertThat(index.canHandle(new de.bwaldvogel.mongo.bson.Document("sequenceNumber", 2L))).isFalse();
            assertThat(index.canHandle(new de.bwaldvogel.mongo.bson.Document("aggregateIdentifier", 7))).isFalse();
        } finally {
            store.close();
        }
    }

    @Test
    void theLastSequenceOfEveryStreamIsGroupedFromEveryStoredEvent() {
        // What outcomes-service's full reconciliation asks of the event store, page by page (EventStreams).
        WireServer.with(new VersionPinningH2Backend(new MVStore.Builder().open()), "stream_lookup", database -> {
            MongoCollection<Document> events = database.getCollection("domainevents");
            Random random = new Random(7);
            java.util.Map<String, Long> last = new java.util.TreeMap<>();
            for (int i = 0; i < 3_000; i++) {
                String id = "course-" + random.nextInt(400);
                long sequence = last.merge(id, 0L, (before, none) -> before + 1);
                events.insertOne(new Document("aggregateIdentifier", id).append("sequenceNumber", sequence)
                        .append("type", i % 3 == 0 ? "Session" : "TreatmentCourse"));
            }
            events.deleteMany(Filters.eq("aggregateIdentifier", "course-7"));
            last.remove("course-7");

            java.util.Map<String, Long> grouped = new java.util.TreeMap<>();
            String after = "";
            while (true) {
                List<Document> page = events.aggregate(List.of(
                        new Document("$match", new Document("aggregateIdentifier", new Document("$gt", after))),
                        new Document("$group", new Document("_id", "$aggregateIdentifier")
                                .append("lastSequence", new Document("$max", "$sequenceNumber"))),
                        new Document("$sort", new Document("_id", 1)),
                        new Document("$limit", 150))).into(new ArrayList<>());
                page.forEach(stream -> grouped.put(stream.getString("_id"), stream.getLong("lastSequence")));
                if (page.size() < 150) {
                    break;
                }
                after = page.get(page.size() - 1).getString("_id");
            }

            assertThat(grouped).isEqualTo(last);
        });
    }

    private static String stream(Random random) {
        return "course-" + random.nextInt(20);
    }

    private static List<Object> idsOf(MongoCollection<Document> collection, Bson query) {
        List<Object> ids = new ArrayList<>();
        collection.find(query).sort(Sorts.ascending("sequenceNumber", "_id"))
                .forEach(document -> ids.add(document.get("_id")));
        return ids;
    }
}
