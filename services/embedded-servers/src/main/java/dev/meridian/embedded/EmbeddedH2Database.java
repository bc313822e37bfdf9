package dev.meridian.embedded;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.h2.H2Collection;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import de.bwaldvogel.mongo.bson.Document;
import java.util.List;
import java.util.stream.Stream;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

/**
 * mongo-java-server's H2 database with four changes: the secondary indexes of {@link SecondaryIndexes} are kept,
 * unique indexes are {@link H2KeyIndex}es, a renamed collection's maps are renamed with it, and documents are
 * stored as BSON ({@link BsonDocumentType}).
 *
 * <p>Why the second: the library keeps a collection's documents, metadata and unique indexes (the {@code _id} index
 * too) in maps named after its namespace. Its rename (1.47.0) reads the collection's name after the collection was
 * already renamed, so it renames nothing, and the renamed collection goes on using the maps under its old name. Two
 * failures follow, both on a projection rebuild's swap (staging collections renamed over the live ones):
 * the next rebuild's staging collection opens those same maps, finds the live documents and refuses its first
 * document as a duplicate key; and after a restart the live collection opens the maps of its new name, which hold
 * nothing: the rebuilt read models are gone. {@code EmbeddedH2DatabaseTest} shows both with the library's backend.
 */
final class EmbeddedH2Database extends H2Database {

    // The library's map names (H2Database, H2Collection).
    private static final String DATA_MAP_PREFIX = "databases.";
    private static final String META_MAP_PREFIX = "meta.";
    private static final String INDEX_MAP_INFIX = "._index_";
    /** Unique indexes' keys as Java-serialized bytes (decision 0008), until decision 0017. */
    private static final String SERIALIZED_KEY_MAP_INFIX = "._keys_";
    private static final String KEY_MAP_INFIX = "._key_bytes_";
    /**
     * The store, while the library's constructor opens the stored collections' indexes: that calls
     * {@link #openOrCreateUniqueIndex} before this class's field is set.
     */
    private static final ThreadLocal<MVStore> OPENING = new ThreadLocal<>();

    private final MVStore store;

    private EmbeddedH2Database(String databaseName, MVStore store, CursorRegistry cursors) {
        super(databaseName, store, cursors);
        this.store = store;
    }

    static EmbeddedH2Database open(String databaseName, MVStore store, CursorRegistry cursors) {
        OPENING.set(store);
        try {
            return new EmbeddedH2Database(databaseName, store, cursors);
        } finally {
            OPENING.remove();
        }
    }

    private MVStore store() {
        return store != null ? store : OPENING.get();
    }

    /**
     * The library's collection over the library's maps, its documents' map storing BSON ({@link BsonDocumentType})
     * under ids in {@link DocumentIdType}.
     */
    @Override
    protected MongoCollection<Object> openOrCreateCollection(String collectionName, CollectionOptions options) {
        String namespace = getFullCollectionNamespace(collectionName);
        MVMap<Object, Document> documents = store().openMap(DATA_MAP_PREFIX + namespace,
                new MVMap.Builder<Object, Document>().keyType(new DocumentIdType())
                        .valueType(BsonDocumentType.INSTANCE));
        MVMap<String, Object> meta = store().openMap(META_MAP_PREFIX + namespace);
        return new SetMatchingCollection(this, collectionName, options, documents, meta, cursorRegistry);
    }

    /** The library's collection, with {@code $in} / {@code $nin} over strings answered by {@link MembershipFilter}. */
    private static final class SetMatchingCollection extends H2Collection {

        private final MembershipFilter membership = new MembershipFilter();
        private final MVMap<Object, Document> documents;

        SetMatchingCollection(MongoDatabase database, String collectionName, CollectionOptions options,
                   MVMap<Object, Document> documents, MVMap<String, Object> meta, CursorRegistry cursors) {
            super(database, collectionName, options, documents, meta, cursors);
            this.documents = documents;
        }

        /**
         * Every document, one after the other, from the map as it was when the stream began (H2's maps are
         * copy-on-write, so a later write does not show), instead of the library's query of everything, which first
         * collected every document into one list while it held the collection.
         *
         * <p>Why: an aggregation runs its stages over this, and outcomes-service's full reconciliation groups the
         * whole event collection ({@code EventStreams}). At a few hundred thousand events that list no longer fitted
         * the local stack's heap, and no command could store its event while it was built (decision 0022).
         */
        @Override
        public Stream<Document> queryAllAsStream() {
            return documents.values().stream();
        }

        @Override
        protected boolean documentMatchesQuery(Document document, Document query) {
            return membership.matches(document, query, super::documentMatchesQuery);
        }

        /** A sorted read with a limit stops at it on an {@link OrderedIndex} instead of reading the whole range. */
        @Override
        protected QueryResult queryDocuments(Document query, Document orderBy, int skip, int limit, int batchSize,
                                             Document fields) {
            List<Object> positions = OrderedIndex.firstPositions(getIndexes(), query, orderBy, skip, limit,
                    position -> matchesAt(position, query));
            return positions == null ? super.queryDocuments(query, orderBy, skip, limit, batchSize, fields)
                    : matchDocuments(query, positions, orderBy, skip, limit, batchSize, fields);
        }

        private boolean matchesAt(Object position, Document query) {
            Document document = getDocument(position);
            return document != null && documentMatchesQuery(document, query);
        }

        /**
         * No running total of the documents' BSON sizes (decision 0016): the library encoded every inserted
         * document, and both versions of every updated one, only to keep it, for {@code collStats}' {@code size}.
         */
        @Override
        protected boolean tracksDataSize() {
            return false;
        }
    }

    /**
     * A unique index whose keys H2 compares as bytes ({@link H2KeyIndex}), under a map name of its own: the library's
     * map for the same index, and ours before decision 0017 (a store written by earlier builds), hold keys in other
     * formats, so they are removed and the index is built again from the documents, as for any index opened empty.
     */
    @Override
    protected Index<Object> openOrCreateUniqueIndex(String collectionName, String indexName, List<IndexKey> keys,
                                                    boolean sparse) {
        String namespace = getFullCollectionNamespace(collectionName);
        removeMapIfPresent(namespace + INDEX_MAP_INFIX + indexName);
        removeMapIfPresent(namespace + SERIALIZED_KEY_MAP_INFIX + indexName);
        return new H2KeyIndex(store(), namespace + KEY_MAP_INFIX + indexName, indexName, keys, sparse);
    }

    @Override
    protected void dropIndex(MongoCollection<Object> collection, String indexName) {
        super.dropIndex(collection, indexName);
        removeMapIfPresent(collection.getFullName() + KEY_MAP_INFIX + indexName);
    }

    private void removeMapIfPresent(String name) {
        if (store().hasMap(name)) {
            store().removeMap(name);
        }
    }

    @Override
    protected Index<Object> openOrCreateSecondaryIndex(String collectionName, String indexName, List<IndexKey> keys,
                                                       boolean sparse) {
        return SecondaryIndexes.open(indexName, keys, sparse,
                () -> super.openOrCreateSecondaryIndex(collectionName, indexName, keys, sparse));
    }

    /**
     * Renames the collection's maps (documents, metadata, unique indexes) before the library's own rename, which
     * then finds them under the new name and has nothing left to do.
     */
    @Override
    public void moveCollection(MongoDatabase oldDatabase, MongoCollection<?> collection, String newCollectionName) {
        String from = collection.getFullName();
        String to = getFullCollectionNamespace(newCollectionName);
        renameMap(DATA_MAP_PREFIX + from, DATA_MAP_PREFIX + to);
        renameMap(META_MAP_PREFIX + from, META_MAP_PREFIX + to);
        for (String mapName : List.copyOf(store.getMapNames())) {
            if (mapName.startsWith(from + INDEX_MAP_INFIX) || mapName.startsWith(from + KEY_MAP_INFIX)) {
                renameMap(mapName, to + mapName.substring(from.length()));
            }
        }
        super.moveCollection(oldDatabase, collection, newCollectionName);
    }

    private void renameMap(String from, String to) {
        if (!store.hasMap(from)) {
            return;
        }
        if (store.hasMap(to)) {
            // Left by a collection dropped without all its maps: never the one being renamed.
            store.removeMap(to);
        }
        // openMap hands back the instance the collection already holds: it is renamed in place.
        store.renameMap(store.openMap(from), to);
    }
}
