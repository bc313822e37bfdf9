package dev.meridian.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.bson.Document;
import java.util.List;
import java.util.function.Consumer;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;

/**
 * A query naming {@code _id} beside other fields (a write conditional on a document's version) is answered from the
 * {@code _id} index on both backends, and matched on every field it names, as before.
 */
class KeysOnlyTest {

    private static final List<IndexKey> ID = List.of(new IndexKey("_id", true));

    @Test
    void the_unique_indexes_of_both_backends_answer_a_query_that_names_their_key_beside_other_fields() {
        MVStore store = MVStore.open(null);
        try {
            Index<?> h2 = new H2KeyIndex(store, "probe._key_bytes_._id_", "_id_", ID, false);
            Index<?> memory = new SecondaryIndexes.Memory("probe", new CursorRegistry())
                    .openOrCreateUniqueIndex("views", "_id_", ID, false);
            for (Index<?> index : List.of(h2, memory)) {
                assertThat(index.canHandle(new Document("_id", "a").append("version", 3L))).isTrue();
                assertThat(index.canHandle(new Document("_id", new Document("$in", List.of("a", "b")))
                        .append("status", "OPEN"))).isTrue();
                assertThat(index.canHandle(new Document("_id", "a"))).isTrue();
                // Without the key, or with an operator no look-up answers: the collection scans, as before.
                assertThat(index.canHandle(new Document("version", 3L))).isFalse();
                assertThat(index.canHandle(new Document("_id", new Document("$ne", "a")).append("version", 3L)))
                        .isFalse();
            }
        } finally {
            store.close();
        }
    }

    @Test
    void a_conditional_replace_matches_only_the_document_with_both_values() {
        WireServer.withEachBackend("probe", conditionalReplaces());
    }

    private static Consumer<MongoDatabase> conditionalReplaces() {
        return database -> {
            MongoCollection<org.bson.Document> views = database.getCollection("views");
            for (int i = 0; i < 100; i++) {
                views.insertOne(new org.bson.Document("_id", "s-" + i).append("version", 0L).append("note", "first"));
            }
            org.bson.Document stale = new org.bson.Document("_id", "s-7").append("version", 1L);
            assertThat(views.replaceOne(new org.bson.Document("_id", "s-7").append("version", 5L), stale)
                    .getMatchedCount()).isZero();
            assertThat(views.replaceOne(new org.bson.Document("_id", "s-7").append("version", 0L),
                    stale.append("note", "second")).getMatchedCount()).isEqualTo(1);
            assertThat(views.find(Filters.eq("_id", "s-7")).first()).containsEntry("note", "second")
                    .containsEntry("version", 1L);
            assertThat(views.countDocuments(new org.bson.Document("_id", new org.bson.Document("$in",
                    List.of("s-1", "s-7", "s-9"))).append("version", 0L))).isEqualTo(2);
            assertThat(views.countDocuments(new org.bson.Document("_id", "s-404").append("version", 0L))).isZero();
        };
    }
}
