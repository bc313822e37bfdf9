package dev.meridian.embedded;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import java.util.List;
import org.h2.mvstore.MVStore;

/**
 * mongo-java-server's H2 database with two changes: the secondary indexes of {@link SecondaryIndexes} are kept, and
 * a renamed collection's maps are renamed with it.
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

    private final MVStore store;

    EmbeddedH2Database(String databaseName, MVStore store, CursorRegistry cursors) {
        super(databaseName, store, cursors);
        this.store = store;
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
            if (mapName.startsWith(from + INDEX_MAP_INFIX)) {
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
