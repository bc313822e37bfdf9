package dev.meridian.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import de.bwaldvogel.mongo.backend.DefaultQueryMatcher;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.exception.MongoServerException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiPredicate;
import org.junit.jupiter.api.Test;

/**
 * The embedded server's set-based {@code $in} / {@code $nin}: for every document and query it answers what the
 * library's matcher answers, and a malformed query is refused as before.
 */
class MembershipFilterTest {

    private static final List<String> WORDS = List.of("a", "b", "c", "d", "e", "f", "1", "");

    private final DefaultQueryMatcher library = new DefaultQueryMatcher();
    private final BiPredicate<Document, Document> matcher = library::matches;

    @Test
    void answers_every_query_as_the_servers_own_matcher_does() {
        Random random = new Random(20261202);
        List<Document> documents = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            documents.add(new Document("_id", i).append("n", random.nextInt(5)));
            putValue(documents.get(i), "id", random);
            putValue(documents.get(i), "kind", random);
        }
        MembershipFilter filter = new MembershipFilter();
        int matched = 0;
        for (int q = 0; q < 500; q++) {
            Document query = randomQuery(random);
            for (Document document : documents) {
                boolean expected = library.matches(document, query);
                assertThat(filter.matches(document, query, matcher)).as("%s against %s", query, document)
                        .isEqualTo(expected);
                matched += expected ? 1 : 0;
            }
        }
        assertThat(matched).as("the queries select some documents, not none or all").isBetween(10_000, 90_000);
    }

    @Test
    void the_axon_poll_shape_is_answered_from_the_set_and_the_rest_by_the_matcher() {
        Document poll = new Document("$and", List.of(new Document("timestamp", new Document("$gte", "2026-12-02T10")),
                new Document("eventIdentifier", new Document("$nin", List.of("seen-1", "seen-2")))));
        AtomicInteger calls = new AtomicInteger();
        List<Document> askedFor = new ArrayList<>();
        BiPredicate<Document, Document> counting = (document, query) -> {
            calls.incrementAndGet();
            askedFor.add(query);
            return library.matches(document, query);
        };
        MembershipFilter filter = new MembershipFilter();

        boolean seen = filter.matches(event("seen-2", "2026-12-02T11"), poll, counting);
        boolean fresh = filter.matches(event("new-1", "2026-12-02T11"), poll, counting);
        boolean early = filter.matches(event("new-2", "2026-12-02T09"), poll, counting);

        assertThat(List.of(seen, fresh, early)).containsExactly(false, true, false);
        // Once the whole query (refusing a malformed one), then only the timestamp for the two unseen events.
        assertThat(calls).hasValue(3);
        assertThat(askedFor.get(1)).isEqualTo(new Document("$and",
                List.of(new Document("timestamp", new Document("$gte", "2026-12-02T10")))));
    }

    @Test
    void a_malformed_query_is_refused_even_when_no_document_passes_the_set() {
        Document query = new Document("$and", List.of(new Document("id", new Document("$nin", List.of("a"))),
                new Document("n", new Document("$bogus", 1))));
        MembershipFilter filter = new MembershipFilter();

        assertThatThrownBy(() -> filter.matches(new Document("id", "a"), query, matcher))
                .isInstanceOf(MongoServerException.class)
                .hasMessageContaining("$bogus");
    }

    private static Document event(String id, String timestamp) {
        return new Document("eventIdentifier", id).append("timestamp", timestamp);
    }

    /** Strings mostly, and what the set must leave to the matcher: missing, null, a number, a list, a document. */
    private static void putValue(Document document, String field, Random random) {
        switch (random.nextInt(12)) {
            case 0 -> { }
            case 1 -> document.put(field, null);
            case 2 -> document.put(field, random.nextInt(3));
            case 3 -> document.put(field, List.of(word(random), word(random)));
            case 4 -> document.put(field, new Document("x", word(random)));
            default -> document.put(field, word(random));
        }
    }

    private static Document randomQuery(Random random) {
        String field = random.nextBoolean() ? "id" : "kind";
        Document condition = new Document(field, membership(random));
        return switch (random.nextInt(8)) {
            case 0 -> condition;
            case 1 -> condition.append("n", new Document("$gte", random.nextInt(5)));
            case 2 -> new Document("$and", List.of(new Document("n", new Document("$lt", random.nextInt(5))),
                    condition));
            case 3 -> new Document("$and", List.of(condition, new Document("kind", membership(random))));
            case 4 -> new Document("$or", List.of(condition, new Document("n", random.nextInt(5))));
            // Not taken: two operators on one field, a dotted field, a list with a non-string.
            case 5 -> new Document(field, new Document("$nin", words(random)).append("$ne", word(random)));
            case 6 -> new Document(field + ".x", membership(random));
            default -> new Document(field, new Document(random.nextBoolean() ? "$in" : "$nin",
                    List.of(word(random), random.nextInt(3))));
        };
    }

    private static Document membership(Random random) {
        return new Document(random.nextBoolean() ? "$in" : "$nin", words(random));
    }

    private static List<String> words(Random random) {
        List<String> words = new ArrayList<>();
        int size = 1 + random.nextInt(4);
        for (int i = 0; i < size; i++) {
            words.add(word(random));
        }
        return words;
    }

    private static String word(Random random) {
        return WORDS.get(random.nextInt(WORDS.size()));
    }
}
