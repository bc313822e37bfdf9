package dev.meridian.embedded;

import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.memory.MemoryCollection;
import de.bwaldvogel.mongo.backend.memory.MemoryDatabase;
import de.bwaldvogel.mongo.backend.memory.index.MemoryUniqueIndex;
import de.bwaldvogel.mongo.bson.Document;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Which declared secondary indexes the embedded server really keeps ({@link OrderedIndex}); every other one it
 * ignores, as mongo-java-server always did.
 *
 * <p>Only the indexes whose query shape grows with the store are kept, chosen by name: an in-memory index costs heap
 * and a rebuild from every document when the store is opened, which read-model indexes over hundreds of thousands of
 * courses would not repay (their queries are {@code _id} look-ups by design). The default is axon-mongo's
 * {@code orderedEventStreamIndex} (timestamp, sequenceNumber), which serves the streaming processors' polls. The
 * system property {@value #PROPERTY} (names, comma-separated; empty for none) changes the list, e.g. to measure the
 * difference side by side.
 */
final class SecondaryIndexes {

    static final String PROPERTY = "meridian.embedded-mongo.ordered-indexes";
    static final String DEFAULT = "orderedEventStreamIndex";

    private SecondaryIndexes() {
    }

    /** Read at each index opening, so that a test or a benchmark can switch it before its server starts. */
    static Set<String> kept() {
        return Arrays.stream(System.getProperty(PROPERTY, DEFAULT).split(","))
                .map(String::trim)
                .filter(name -> !name.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    }

    static <P> Index<P> open(String indexName, List<IndexKey> keys, boolean sparse, Supplier<Index<P>> ignored) {
        return kept().contains(indexName) ? new OrderedIndex<>(indexName, keys, sparse) : ignored.get();
    }

    /**
     * The in-memory backend's database (tests), keeping the chosen secondary indexes, matching {@code $in} /
     * {@code $nin} and stopping sorted reads at their limit as the H2 backend does ({@link MembershipFilter},
     * {@link OrderedIndex#firstPositions}).
     */
    static final class Memory extends MemoryDatabase {

        Memory(String databaseName, CursorRegistry cursors) {
            super(databaseName, cursors);
        }

        @Override
        protected MemoryCollection openOrCreateCollection(String collectionName, CollectionOptions options) {
            MembershipFilter membership = new MembershipFilter();
            return new MemoryCollection(this, collectionName, options, cursorRegistry) {
                @Override
                protected boolean documentMatchesQuery(Document document, Document query) {
                    return membership.matches(document, query, super::documentMatchesQuery);
                }

                @Override
                protected QueryResult queryDocuments(Document query, Document orderBy, int skip, int limit,
                                                     int batchSize, Document fields) {
                    List<Integer> positions = OrderedIndex.firstPositions(getIndexes(), query, orderBy, skip, limit,
                            position -> {
                                Document document = getDocument(position);
                                return document != null && documentMatchesQuery(document, query);
                            });
                    return positions == null ? super.queryDocuments(query, orderBy, skip, limit, batchSize, fields)
                            : matchDocuments(query, positions, orderBy, skip, limit, batchSize, fields);
                }
            };
        }

        @Override
        protected Index<Integer> openOrCreateSecondaryIndex(String collectionName, String indexName,
                                                            List<IndexKey> keys, boolean sparse) {
            return open(indexName, keys, sparse,
                    () -> super.openOrCreateSecondaryIndex(collectionName, indexName, keys, sparse));
        }

        /** The library's unique index, also answering a query that names its keys beside other fields. */
        @Override
        protected Index<Integer> openOrCreateUniqueIndex(String collectionName, String indexName, List<IndexKey> keys,
                                                         boolean sparse) {
            return new MemoryUniqueIndex(indexName, keys, sparse) {
                @Override
                public synchronized boolean canHandle(Document query) {
                    return super.canHandle(query) || super.canHandle(KeysOnly.of(query, keySet(), keys()));
                }

                @Override
                public synchronized Iterable<Integer> getPositions(Document query) {
                    return super.getPositions(KeysOnly.of(query, keySet(), keys()));
                }
            };
        }
    }
}
