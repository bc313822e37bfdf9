package dev.meridian.embedded;

import de.bwaldvogel.mongo.bson.ObjectId;
import java.nio.ByteBuffer;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.BasicDataType;
import org.h2.mvstore.type.ObjectDataType;

/**
 * How the H2 backend stores documents' ids: the keys of a collection's documents map and the positions a unique
 * index points to. An {@link ObjectId} is written as a tag and its twelve bytes; every other id as H2's own format.
 *
 * <p>Why: H2's format knows strings and numbers but not the library's {@code ObjectId}, so it Java-serialized every
 * one it wrote and Java-deserialized every one it read, an {@code ObjectOutputStream} or {@code ObjectInputStream}
 * each time. Axon's events, snapshots and tokens and the audit trail's entries have {@code ObjectId} ids: under the
 * benchmark's load that was 7.5 % of the whole stack's allocation (decision 0021).
 *
 * <p>The order is H2's (ids are compared as before, an {@code ObjectId} by its own {@code compareTo}), so a map written
 * before keeps its order. {@link #OBJECT_ID} is a byte H2's format never starts with (its tags are 0 to 119), so ids
 * written before are read as before and no stored file needs migrating; a file written with this type cannot be
 * read by a build before it.
 */
final class DocumentIdType extends BasicDataType<Object> {

    static final byte OBJECT_ID = (byte) 0xB6;
    private static final int OBJECT_ID_SIZE = 12;
    /** What H2 counts for an object id in its page cache: the object, its array and the array's twelve bytes. */
    private static final int OBJECT_ID_MEMORY = 48;

    /** One per map, as H2 has it: the format remembers the last kind of value it met, and a map's ids are alike. */
    private final ObjectDataType h2 = new ObjectDataType();

    @Override
    public int compare(Object a, Object b) {
        return h2.compare(a, b);
    }

    @Override
    public int getMemory(Object id) {
        return isObjectId(id) ? OBJECT_ID_MEMORY : h2.getMemory(id);
    }

    @Override
    public void write(WriteBuffer buffer, Object id) {
        if (isObjectId(id)) {
            byte[] bytes = ((ObjectId) id).toByteArray();
            if (bytes.length == OBJECT_ID_SIZE) {
                buffer.put(OBJECT_ID).put(bytes);
                return;
            }
        }
        h2.write(buffer, id);
    }

    @Override
    public Object read(ByteBuffer buffer) {
        if (buffer.get(buffer.position()) != OBJECT_ID) {
            return h2.read(buffer);
        }
        buffer.get();
        byte[] bytes = new byte[OBJECT_ID_SIZE];
        buffer.get(bytes);
        return new ObjectId(bytes);
    }

    @Override
    public Object[] createStorage(int size) {
        return new Object[size];
    }

    // The library's own class only: a subclass could carry more than its twelve bytes.
    private static boolean isObjectId(Object id) {
        return id != null && id.getClass() == ObjectId.class;
    }
}
