package dev.meridian.embedded;

import de.bwaldvogel.mongo.bson.Document;
import java.nio.ByteBuffer;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.BasicDataType;
import org.h2.mvstore.type.ObjectDataType;

/**
 * How the H2 backend stores a collection's documents: as BSON, the format they arrive and leave in, instead of the
 * library's Java serialization of the document's maps.
 *
 * <p>Why: every document read from the H2 file was Java-deserialized, object by object; reading 50 courses for a page
 * of the course list, a reconciliation's read of every course (90 s at 300,000 courses) and the event store's reads
 * spent most of the embedded server's time in {@code ObjectInputStream}. BSON decoding builds the same document.
 *
 * <p>A stored value starts with {@link #BSON}, a byte H2's own format never starts with (its type tags are 0 to
 * 119), then the BSON document. Values without it were written by the library's format (a store written before, or a
 * document the BSON encoder could not take) and are read that way: nothing to migrate, each is rewritten as BSON the
 * next time it changes.
 */
final class BsonDocumentType extends BasicDataType<Document> {

    static final BsonDocumentType INSTANCE = new BsonDocumentType();
    static final byte BSON = (byte) 0xB5;

    private final ObjectDataType legacy = new ObjectDataType();
    /** Estimated bytes per document, for H2's page sizes and cache: a running average of the encoded sizes. */
    private volatile int averageSize = 1024;

    private BsonDocumentType() {
    }

    /**
     * Heap bytes of a decoded document per encoded byte, as H2 counts it: H2 weighs its page cache (16 MB), splits
     * its pages (16 KB) and commits (about 19 MB unsaved) by this estimate, and a decoded document (a LinkedHashMap
     * of strings and boxed values) takes several times its BSON size: counted by its BSON size, the 16 MB cache held
     * about 150 MB of documents (decision 0014). Decision 0024; the system property exists to measure the
     * difference (1: count the encoded size), not to tune.
     */
    static final int HEAP_FACTOR = Integer.getInteger("meridian.embedded-mongo.document-heap-factor", 8);

    @Override
    public int getMemory(Document document) {
        return averageSize * HEAP_FACTOR;
    }

    @Override
    public void write(WriteBuffer buffer, Document document) {
        StoredBson.Encoder bson;
        try {
            bson = StoredBson.encode(document);
        } catch (RuntimeException notEncodable) {
            legacy.write(buffer, document);
            return;
        }
        int length = bson.size();
        buffer.put(BSON);
        buffer.put(bson.bytes(), 0, length);
        averageSize = (averageSize * 31 + length) / 32;
    }

    @Override
    public Document read(ByteBuffer buffer) {
        if (buffer.get(buffer.position()) != BSON) {
            return (Document) legacy.read(buffer);
        }
        buffer.get();
        return StoredBson.decode(buffer);
    }

    @Override
    public Document[] createStorage(int size) {
        return new Document[size];
    }
}
