package dev.meridian.embedded;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.message.MongoQuery;
import io.netty.channel.Channel;
import java.util.function.Supplier;
import org.h2.mvstore.MVStore;

/**
 * mongo-java-server's H2 backend, with every request pinning the MVStore version it reads.
 *
 * <p>Why: the backend scans a collection by iterating an {@code MVMap} from the root it found at the start, reading
 * pages from the file as it goes, without telling the store. Meanwhile the store keeps committing other collections'
 * writes (once a second) and its background compaction rewrites the scanned collection's pages into new chunks. Once
 * a chunk is dead, has been for more than five versions and was created more than 45 s ago, the store drops it; the
 * scan, still on the old root, fails with "Chunk n not found". A large collection (a scan of seconds) right after a
 * bulk write (old, half-dead chunks to compact) meets all three conditions. Registering the version usage is what
 * H2's own transactions do: while a request runs, no chunk that its version can still see is dropped. The cost is one
 * atomic increment and decrement per request. See docs/decisions/0005-embedded-h2-store-settings.md.
 *
 * <p>It also answers {@code hello} ({@link Hello}) and decodes requests with shared field names
 * ({@link SharedNamesRequestDecoder}).
 */
final class VersionPinningH2Backend extends H2Backend {

    private final MVStore store;

    VersionPinningH2Backend(MVStore store) {
        super(store);
        this.store = store;
    }

    /** Databases with our changes to the library's: see {@link EmbeddedH2Database}. */
    @Override
    protected MongoDatabase openOrCreateDatabase(String databaseName) {
        return EmbeddedH2Database.open(databaseName, getMvStore(), getCursorRegistry());
    }

    @Override
    public Document handleCommand(Channel channel, String database, String command, Document query) {
        SharedNamesRequestDecoder.installOnHandshake(channel, command);
        return Hello.handle(command, asked -> pinned(() -> super.handleCommand(channel, database, asked, query)));
    }

    @Override
    public QueryResult handleQuery(MongoQuery query) {
        return pinned(() -> super.handleQuery(query));
    }

    @Override
    public void close() {
        // Releases below only count down; the store drops released versions at its next commit. Do that once more
        // here, on a quiet store, so that closing finds no version still held (H2 asserts it).
        store.setAutoCommitDelay(0);
        store.deregisterVersionUsage(store.registerVersionUsage());
        super.close();
    }

    private <T> T pinned(Supplier<T> request) {
        MVStore.TxCounter usage = store.registerVersionUsage();
        try {
            // Results are collected into lists before the request returns (cursors hold documents, not MVMap
            // iterators), so pinning for the request's duration covers every page it reads.
            return request.get();
        } finally {
            // Only the counter: deregisterVersionUsage would also trim the store's version list, which H2 2.3.232
            // updates from its serialization thread without that lock (fixed upstream after 2.3.232).
            store.decrementVersionUsageCounter(usage);
        }
    }
}
