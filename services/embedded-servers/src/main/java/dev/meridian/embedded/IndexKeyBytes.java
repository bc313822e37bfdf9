package dev.meridian.embedded;

import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.bson.ObjectId;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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

    private byte[] bytes = new byte[32];
    private int length;

    private IndexKeyBytes() {
    }

    static byte[] of(KeyValue key) {
        IndexKeyBytes out = new IndexKeyBytes();
        for (Object value : key) {
            out.write(value);
        }
        return Arrays.copyOf(out.bytes, out.length);
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

    private void write(Object value) {
        if (value == null) {
            put(NULL);
        } else if (value instanceof String text) {
            put(STRING);
            putSized(text.getBytes(StandardCharsets.UTF_8));
        } else if (value instanceof Integer number) {
            put(INTEGER);
            putInt(number);
        } else if (value instanceof Long number) {
            put(LONG);
            putLong(number);
        } else if (value instanceof Double number) {
            put(DOUBLE);
            // The canonical NaN, as Java serialization wrote it (DataOutput.writeDouble).
            putLong(Double.doubleToLongBits(number));
        } else if (value instanceof Boolean flag) {
            put(flag ? TRUE : FALSE);
        } else if (value.getClass() == ObjectId.class) {
            byte[] id = ((ObjectId) value).toByteArray();
            if (id.length == OBJECT_ID_SIZE) {
                put(OBJECT_ID);
                putBytes(id);
            } else {
                writeOther(value);
            }
        } else if (value instanceof Instant instant) {
            put(INSTANT);
            putLong(instant.getEpochSecond());
            putInt(instant.getNano());
        } else {
            writeOther(value);
        }
    }

    private void writeOther(Object value) {
        put(OTHER);
        putSized(ObjectDataType.serialize(value));
    }

    private static byte[] slice(ByteBuffer in) {
        int size = readVarInt(in);
        byte[] slice = new byte[size];
        in.get(slice);
        return slice;
    }

    private void putSized(byte[] value) {
        int size = value.length;
        // Unsigned LEB128: seven bits a byte, the high bit set on every byte but the last.
        while ((size & ~0x7F) != 0) {
            put((byte) ((size & 0x7F) | 0x80));
            size >>>= 7;
        }
        put((byte) size);
        putBytes(value);
    }

    private static int readVarInt(ByteBuffer in) {
        int value = 0;
        for (int shift = 0; ; shift += 7) {
            byte b = in.get();
            value |= (b & 0x7F) << shift;
            if (b >= 0) {
                return value;
            }
        }
    }

    private void putInt(int value) {
        ensure(4);
        for (int shift = 24; shift >= 0; shift -= 8) {
            bytes[length++] = (byte) (value >>> shift);
        }
    }

    private void putLong(long value) {
        ensure(8);
        for (int shift = 56; shift >= 0; shift -= 8) {
            bytes[length++] = (byte) (value >>> shift);
        }
    }

    private void putBytes(byte[] value) {
        ensure(value.length);
        System.arraycopy(value, 0, bytes, length, value.length);
        length += value.length;
    }

    private void put(byte value) {
        ensure(1);
        bytes[length++] = value;
    }

    private void ensure(int more) {
        if (length + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
        }
    }
}
