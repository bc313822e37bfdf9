package dev.meridian.embedded;

import de.bwaldvogel.mongo.backend.AbstractUniqueIndex;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.bson.Document;
import java.nio.ByteBuffer;
import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map.Entry;
import java.util.Set;
import java.util.stream.Collectors;
import org.h2.mvstore.Cursor;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.BasicDataType;
import org.h2.mvstore.type.ByteArrayDataType;
import org.h2.mvstore.type.ObjectDataType;

/**
 * A unique index (the {@code _id} index too) of the H2 backend, its keys stored as bytes ({@link IndexKeyBytes}).
 *
 * <p>Why: the library's {@code H2UniqueIndex} keys its map by {@link KeyValue}, a type H2 does not know, so every
 * comparison of a look-up's binary search serialized both keys with Java serialization before comparing the bytes:
 * about 36 serializations per {@code _id} look-up. In the benchmark that was a quarter of the embedded server's time
 * under load and more than a third while the dashboard was queried. Here the key is made into bytes once per
 * operation and compared as bytes, with the same equality as before (decision 0008; without Java serialization
 * since decision 0017).
 *
 * <p>It also answers a query that names its keys beside other fields ({@link KeysOnly}), and one that asks the first
 * key of a compound index to equal a string ({@link #firstKeyEquals}).
 */
final class H2KeyIndex extends AbstractUniqueIndex<Object> {

    private final MVMap<byte[], Object> map;

    H2KeyIndex(MVStore store, String mapName, String name, List<IndexKey> keys, boolean sparse) {
        super(name, keys, sparse);
        this.map = store.openMap(mapName, new MVMap.Builder<byte[], Object>()
                .keyType(SerializedKeyType.INSTANCE).valueType(new DocumentIdType()));
    }

    @Override
    public synchronized boolean canHandle(Document query) {
        return super.canHandle(query) || super.canHandle(KeysOnly.of(query, keySet(), keys()))
                || firstKeyEquals(query) != null;
    }

    @Override
    public synchronized Iterable<Object> getPositions(Document query) {
        Document keysOnly = KeysOnly.of(query, keySet(), keys());
        return super.canHandle(keysOnly) ? super.getPositions(keysOnly) : positionsWithFirstKey(firstKeyEquals(query));
    }

    /**
     * The string a query asks the first of this compound index's keys to equal, or null.
     *
     * <p>Why: a stream's events are read by {@code {aggregateIdentifier: id, sequenceNumber: {$gte: n}}} (an aggregate
     * loaded after the cache lost it, a republication, a gap repaired from the event store), a snapshot or a stream's
     * last sequence by the id alone. The library answers only a query of every key, so each of those read the whole
     * event collection, holding it all the while: at a few hundred thousand events, seconds each, during which no
     * command could store its event (docs/benchmarks, seventeenth run). All keys with that first value lie together
     * in the map ({@link IndexKeyBytes#prefix}); the collection's matcher decides on the rest of the query. Only
     * strings: the ids are strings, and other values' equality (a number's types) is not the bytes'.
     */
    private String firstKeyEquals(Document query) {
        if (keys().size() < 2) {
            return null;
        }
        return OrderedIndex.Range.conditionOn(query, keys().get(0)) instanceof String value ? value : null;
    }

    private Collection<Object> positionsWithFirstKey(String value) {
        byte[] prefix = IndexKeyBytes.prefix(value);
        // A document with an array in a later key has a key per element, all with this prefix: once each.
        Set<Object> positions = new LinkedHashSet<>();
        Cursor<byte[], Object> cursor = map.cursor(prefix);
        while (cursor.hasNext() && startsWith(cursor.next(), prefix)) {
            positions.add(cursor.getValue());
        }
        return positions;
    }

    private static boolean startsWith(byte[] key, byte[] prefix) {
        return key.length >= prefix.length && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
    }

    @Override
    protected Object removeDocument(KeyValue keyValue) {
        return map.remove(bytes(keyValue));
    }

    @Override
    protected boolean putKeyPosition(KeyValue keyValue, Object position) {
        return map.putIfAbsent(bytes(keyValue), Missing.ofNullable(position)) == null;
    }

    @Override
    protected Iterable<Entry<KeyValue, Object>> getIterable() {
        // Used only for queries the index cannot look up directly (a regular expression on the key): rare.
        return map.entrySet().stream()
                .map(entry -> (Entry<KeyValue, Object>) new SimpleImmutableEntry<>(
                        IndexKeyBytes.read(entry.getKey()), entry.getValue()))
                .collect(Collectors.toList());
    }

    @Override
    protected Object getPosition(KeyValue keyValue) {
        return map.get(bytes(keyValue));
    }

    @Override
    public long getCount() {
        return map.sizeAsLong();
    }

    @Override
    public boolean isEmpty() {
        return map.isEmpty();
    }

    @Override
    public long getDataSize() {
        return getCount();
    }

    @Override
    public void drop() {
        // As the library's: the database removes the map (EmbeddedH2Database.dropIndex).
    }

    private static byte[] bytes(KeyValue keyValue) {
        return IndexKeyBytes.of(keyValue);
    }

    /** Byte arrays stored as H2 stores them, compared as H2 compares serialized keys (unsigned, lexicographic). */
    static final class SerializedKeyType extends BasicDataType<byte[]> {

        static final SerializedKeyType INSTANCE = new SerializedKeyType();

        @Override
        public int compare(byte[] a, byte[] b) {
            return ObjectDataType.compareNotNull(a, b);
        }

        @Override
        public int getMemory(byte[] key) {
            return ByteArrayDataType.INSTANCE.getMemory(key);
        }

        @Override
        public void write(WriteBuffer buffer, byte[] key) {
            ByteArrayDataType.INSTANCE.write(buffer, key);
        }

        @Override
        public byte[] read(ByteBuffer buffer) {
            return ByteArrayDataType.INSTANCE.read(buffer);
        }

        @Override
        public byte[][] createStorage(int size) {
            return new byte[size][];
        }
    }
}
