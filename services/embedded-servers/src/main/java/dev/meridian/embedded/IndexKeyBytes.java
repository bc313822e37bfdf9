package dev.meridian.embedded;

import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.bson.ObjectId;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.ObjectDataType;

/**
 * A unique index's key as bytes: each value a tag and its bytes, without Java serialization for the kinds of value
 * keys are made of here (strings, numbers, booleans, object ids, instants).
 *
 * <p>Why: {@link H2KeyIndex} serialized the whole {@link KeyValue} with Java serialization once per operation, and
 * that was 18 % of the embedded server's samples while a rebuild wrote its courses (decision 0017). Equal keys still
 * give equal bytes and unequal keys unequal ones, as before: a value's class is in its tag (an {@code Integer} 1, a
 * {@code Long} 1 and a {@code Double} 1.0 stay three keys, as their serialized forms were), strings carry their
 * length, and any other value is H2's own serialized form of it, length first. The bytes' order is not MongoDB's
 * order and need not be: a unique index is only looked up by equal keys.
 */
final class IndexKeyBytes {

    private static final byte NULL = 0;
    private static final byte STRING = 1;
    private static final byte INTEGER = 2;
    private static final byte LONG = 3;
    private static final byte DOUBLE = 4;
    private static final byte FALSE = 5;
    private static final byte TRUE = 6;
    private static final byte OBJECT_ID = 7;
    private static final byte INSTANT = 8;
    private static final byte OTHER = 9;
    private static final int OBJECT_ID_SIZE = 12;

    /** Room for every key the services make (ids, and (aggregate, sequence) pairs) without growing the buffer. */
    private static final int TYPICAL_SIZE = 256;

    private IndexKeyBytes() {
    }

    /**
     * One buffer per thread, cleared for each key: a key's bytes are made for every insert and look-up by id, and a
     * buffer of its own per key was a twentieth of what a projection rebuild's write allocated (JFR, 2026-12-05).
     */
    private static final ThreadLocal<WriteBuffer> BUFFERS =
            ThreadLocal.withInitial(() -> new WriteBuffer(TYPICAL_SIZE));

    static byte[] of(KeyValue key) {
        WriteBuffer out = BUFFERS.get().clear();
        for (Object value : key) {
            write(out, value);
        }
        return bytesOf(out);
    }

    /**
     * The bytes every key whose first value is this string starts with, and no other key: the tag, the length, the
     * characters. The bytes are compared as unsigned bytes, so those keys lie together in the map, from this prefix on.
     */
    static byte[] prefix(String first) {
        WriteBuffer out = new WriteBuffer(TYPICAL_SIZE);
        write(out, first);
        return bytesOf(out);
    }

    private static byte[] bytesOf(WriteBuffer out) {
        ByteBuffer written = out.getBuffer().flip();
        byte[] bytes = new byte[written.remaining()];
        written.get(bytes);
        return bytes;
    }

    /** The key these bytes were made of ({@link #of}); values of the other kinds as H2 deserializes them. */
    static KeyValue read(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        List<Object> values = new ArrayList<>();
        while (in.hasRemaining()) {
            byte tag = in.get();
            values.add(switch (tag) {
                case NULL -> null;
                case STRING -> new String(slice(in), StandardCharsets.UTF_8);
                case INTEGER -> in.getInt();
                case LONG -> in.getLong();
                case DOUBLE -> Double.longBitsToDouble(in.getLong());
                case FALSE -> Boolean.FALSE;
                case TRUE -> Boolean.TRUE;
                case OBJECT_ID -> {
                    byte[] id = new byte[OBJECT_ID_SIZE];
                    in.get(id);
                    yield new ObjectId(id);
                }
                case INSTANT -> Instant.ofEpochSecond(in.getLong(), in.getInt());
                case OTHER -> ObjectDataType.deserialize(slice(in));
                default -> throw new IllegalStateException("Not an index key: tag " + tag + " at " + in.position());
            });
        }
        return new KeyValue(values);
    }

    private static void write(WriteBuffer out, Object value) {
        if (value == null) {
            out.put(NULL);
        } else if (value instanceof String text) {
            out.put(STRING);
            putSized(out, text.getBytes(StandardCharsets.UTF_8));
        } else if (value instanceof Integer number) {
            out.put(INTEGER).putInt(number);
        } else if (value instanceof Long number) {
            out.put(LONG).putLong(number);
        } else if (value instanceof Double number) {
            // The canonical NaN, as Java serialization wrote it (DataOutput.writeDouble).
            out.put(DOUBLE).putLong(Double.doubleToLongBits(number));
        } else if (value instanceof Boolean flag) {
            out.put(flag ? TRUE : FALSE);
        } else if (value.getClass() == ObjectId.class) {
            byte[] id = ((ObjectId) value).toByteArray();
            if (id.length == OBJECT_ID_SIZE) {
                out.put(OBJECT_ID).put(id);
            } else {
                writeOther(out, value);
            }
        } else if (value instanceof Instant instant) {
            out.put(INSTANT).putLong(instant.getEpochSecond()).putInt(instant.getNano());
        } else {
            writeOther(out, value);
        }
    }

    private static void writeOther(WriteBuffer out, Object value) {
        out.put(OTHER);
        putSized(out, ObjectDataType.serialize(value));
    }

    private static void putSized(WriteBuffer out, byte[] value) {
        out.putVarInt(value.length).put(value);
    }

    private static byte[] slice(ByteBuffer in) {
        byte[] slice = new byte[DataUtils.readVarInt(in)];
        in.get(slice);
        return slice;
    }
}
