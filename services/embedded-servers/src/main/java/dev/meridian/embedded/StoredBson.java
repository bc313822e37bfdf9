package dev.meridian.embedded;

import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.MaxKey;
import de.bwaldvogel.mongo.bson.MinKey;
import de.bwaldvogel.mongo.wire.BsonConstants;
import de.bwaldvogel.mongo.wire.bson.BsonDecoder;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The BSON of the documents H2 stores ({@link BsonDocumentType}): the same bytes as the library's {@link BsonEncoder}
 * and the same documents as its {@link BsonDecoder} ({@code StoredBsonTest} compares both), with less garbage and
 * less heap.
 *
 * <p>Why: H2 encodes every changed document when it stores a chunk, and decodes a page's documents when it reads one.
 * The library's encoder made a byte array for every field name and string and a buffer per document, and looked each
 * value up by its key; in a profile of the rebuild's writing (2026-12-04) that was a fifth of the allocations, on
 * H2's serialization thread. Here a document is written into one array per thread, walked entry by entry. The
 * library's decoder made a new string for every field name of every document read; field names repeat across
 * documents (every course has the same few dozen), so decoded documents share them ({@link #NAMES}), which shrinks
 * what H2's page cache holds on the heap. Rare types (binary, object ids, decimals, timestamps, patterns, code) are
 * left to the library's own value coding.
 */
final class StoredBson {

    /** Field names remembered, by a hash of their bytes: a slot's name is replaced when another one hashes there. */
    static final int NAMES = 4096;
    /** Longer names are not remembered (ours are far shorter; keys of maps such as {@code applied} are ids). */
    private static final int NAME_BYTES = 48;
    /** An encoding array grown past this is not kept for the thread's next document. */
    private static final int KEPT_BYTES = 1 << 20;

    private static final ThreadLocal<Encoder> ENCODERS = ThreadLocal.withInitial(Encoder::new);
    /** Shared by every thread: a slot holds an immutable name, so a race only costs a miss. */
    private static final Name[] names = new Name[NAMES];

    private record Name(byte[] bytes, String value) {
    }

    private StoredBson() {
    }

    /**
     * Encodes a document into the calling thread's array.
     *
     * @return the array, valid until the thread's next call; its first {@code length} bytes (the BSON length prefix)
     *     are the document
     */
    static Encoder encode(Map<String, ?> document) {
        Encoder encoder = ENCODERS.get();
        encoder.reset();
        encoder.document(document);
        return encoder;
    }

    /** Decodes the document at the buffer's position, leaving the position after it. */
    static Document decode(ByteBuffer in) {
        return document(in);
    }

    /** A growing little-endian byte array. */
    static final class Encoder {

        private byte[] bytes = new byte[4096];
        private int size;

        byte[] bytes() {
            return bytes;
        }

        int size() {
            return size;
        }

        private void reset() {
            if (bytes.length > KEPT_BYTES) {
                bytes = new byte[4096];
            }
            size = 0;
        }

        private void document(Map<String, ?> document) {
            int start = size;
            int32(0); // the length, written below
            for (Map.Entry<String, ?> field : document.entrySet()) {
                element(field.getKey(), field.getValue());
            }
            int8(BsonConstants.TERMINATING_BYTE);
            int32At(start, size - start);
        }

        private void element(String name, Object value) {
            byte type = BsonEncoder.determineType(value); // the library's choice of type, whatever the value
            int8(type);
            cString(name);
            value(type, value);
        }

        private void value(byte type, Object value) {
            switch (type) {
                case BsonConstants.TYPE_UTF8_STRING -> string(value.toString());
                case BsonConstants.TYPE_EMBEDDED_DOCUMENT -> {
                    @SuppressWarnings("unchecked")
                    Map<String, ?> document = (Map<String, ?>) value;
                    document(document);
                }
                case BsonConstants.TYPE_ARRAY -> array(value);
                case BsonConstants.TYPE_INT32 -> int32((Integer) value);
                case BsonConstants.TYPE_INT64 -> int64((Long) value);
                case BsonConstants.TYPE_DOUBLE -> int64(Double.doubleToRawLongBits((Double) value));
                case BsonConstants.TYPE_BOOLEAN -> int8((Boolean) value ? BsonConstants.BOOLEAN_VALUE_TRUE
                        : BsonConstants.BOOLEAN_VALUE_FALSE);
                case BsonConstants.TYPE_UTC_DATETIME -> int64(((Instant) value).toEpochMilli());
                case BsonConstants.TYPE_NULL, BsonConstants.TYPE_UNDEFINED, BsonConstants.TYPE_MIN_KEY,
                        BsonConstants.TYPE_MAX_KEY -> {
                    // no value bytes
                }
                default -> {
                    ByteBuf rare = Unpooled.buffer(32);
                    try {
                        BsonEncoder.encodeValue(type, value, rare);
                        int length = rare.readableBytes();
                        ensure(length);
                        rare.readBytes(bytes, size, length);
                        size += length;
                    } finally {
                        rare.release();
                    }
                }
            }
        }

        /** An array is a document keyed "0", "1", ...: the library's encoding of a collection. */
        private void array(Object value) {
            Collection<?> elements = (Collection<?>) value;
            int start = size;
            int32(0);
            int index = 0;
            for (Object element : elements) {
                byte type = BsonEncoder.determineType(element);
                int8(type);
                ascii(Integer.toString(index++));
                int8(BsonConstants.STRING_TERMINATION);
                value(type, element);
            }
            int8(BsonConstants.TERMINATING_BYTE);
            int32At(start, size - start);
        }

        private void cString(String value) {
            utf8(value);
            int8(BsonConstants.STRING_TERMINATION);
        }

        private void string(String value) {
            int lengthAt = size;
            int32(0);
            utf8(value);
            int8(BsonConstants.STRING_TERMINATION);
            int32At(lengthAt, size - lengthAt - 4);
        }

        private void utf8(String value) {
            if (!ascii(value)) {
                byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
                ensure(utf8.length);
                System.arraycopy(utf8, 0, bytes, size, utf8.length);
                size += utf8.length;
            }
        }

        /** Writes the value as one byte per char if it is all ASCII (then UTF-8 is the same bytes). */
        private boolean ascii(String value) {
            int length = value.length();
            ensure(length);
            for (int i = 0; i < length; i++) {
                char c = value.charAt(i);
                if (c >= 0x80) {
                    return false; // nothing counted yet: size still points before the value
                }
                bytes[size + i] = (byte) c;
            }
            size += length;
            return true;
        }

        private void int8(byte value) {
            ensure(1);
            bytes[size++] = value;
        }

        private void int32(int value) {
            ensure(4);
            int32At(size, value);
            size += 4;
        }

        private void int32At(int at, int value) {
            bytes[at] = (byte) value;
            bytes[at + 1] = (byte) (value >>> 8);
            bytes[at + 2] = (byte) (value >>> 16);
            bytes[at + 3] = (byte) (value >>> 24);
        }

        private void int64(long value) {
            ensure(8);
            for (int i = 0; i < 8; i++) {
                bytes[size + i] = (byte) (value >>> (8 * i));
            }
            size += 8;
        }

        private void ensure(int more) {
            if (size + more > bytes.length) {
                byte[] larger = new byte[Math.max(bytes.length * 2, size + more)];
                System.arraycopy(bytes, 0, larger, 0, size);
                bytes = larger;
            }
        }
    }

    private static Document document(ByteBuffer in) {
        int start = in.position();
        int length = Integer.reverseBytes(in.getInt());
        if (length < 5 || length > in.limit() - start || length > BsonConstants.MAX_BSON_OBJECT_SIZE) {
            throw new IllegalArgumentException("illegal BSON document length " + length + " at " + start);
        }
        Document document = new Document();
        while (in.position() < start + length) {
            byte type = in.get();
            if (type == BsonConstants.TERMINATING_BYTE) {
                return document;
            }
            String name = name(in);
            // As the library's decoder: a request's document may not name a field twice (stored ones never do).
            if (document.put(name, value(type, in)) != null) {
                throw new IllegalArgumentException("duplicate key '" + name + "' in BSON document at " + start);
            }
        }
        throw new IllegalArgumentException("illegal BSON document at " + start + ": no terminating byte within "
                + length + " bytes");
    }

    private static List<Object> array(ByteBuffer in) {
        int start = in.position();
        int length = Integer.reverseBytes(in.getInt());
        List<Object> elements = new ArrayList<>();
        while (in.position() < start + length) {
            byte type = in.get();
            if (type == BsonConstants.TERMINATING_BYTE) {
                return elements;
            }
            skipCString(in); // the index
            elements.add(value(type, in));
        }
        throw new IllegalArgumentException("illegal BSON array at " + start + ": no terminating byte within "
                + length + " bytes");
    }

    private static Object value(byte type, ByteBuffer in) {
        return switch (type) {
            case BsonConstants.TYPE_UTF8_STRING -> string(in);
            case BsonConstants.TYPE_EMBEDDED_DOCUMENT -> document(in);
            case BsonConstants.TYPE_ARRAY -> array(in);
            case BsonConstants.TYPE_INT32 -> Integer.valueOf(Integer.reverseBytes(in.getInt()));
            case BsonConstants.TYPE_INT64 -> Long.valueOf(Long.reverseBytes(in.getLong()));
            case BsonConstants.TYPE_DOUBLE -> Double.valueOf(Double.longBitsToDouble(Long.reverseBytes(in.getLong())));
            case BsonConstants.TYPE_BOOLEAN -> bool(in.get());
            case BsonConstants.TYPE_UTC_DATETIME -> Instant.ofEpochMilli(Long.reverseBytes(in.getLong()));
            case BsonConstants.TYPE_NULL, BsonConstants.TYPE_UNDEFINED -> null;
            case BsonConstants.TYPE_MIN_KEY -> MinKey.getInstance();
            case BsonConstants.TYPE_MAX_KEY -> MaxKey.getInstance();
            default -> {
                ByteBuf rare = Unpooled.wrappedBuffer(in.slice());
                Object value = BsonDecoder.decodeValue(type, rare);
                in.position(in.position() + rare.readerIndex());
                yield value;
            }
        };
    }

    private static Boolean bool(byte value) {
        return switch (value) {
            case BsonConstants.BOOLEAN_VALUE_FALSE -> Boolean.FALSE;
            case BsonConstants.BOOLEAN_VALUE_TRUE -> Boolean.TRUE;
            default -> throw new IllegalArgumentException("Illegal boolean value:" + value);
        };
    }

    private static String string(ByteBuffer in) {
        int length = Integer.reverseBytes(in.getInt());
        if (length < 1 || length > in.remaining()) {
            throw new IllegalArgumentException("illegal BSON string length " + length);
        }
        String value = utf8(in, in.position(), length - 1);
        in.position(in.position() + length);
        if (in.get(in.position() - 1) != BsonConstants.STRING_TERMINATION) {
            throw new IllegalArgumentException("Unexpected trailing byte: " + in.get(in.position() - 1));
        }
        return value;
    }

    /** A field name (a C string), shared with earlier documents' equal names when it is short. */
    static String name(ByteBuffer in) {
        int start = in.position();
        int hash = 1;
        int end = start;
        byte b;
        while ((b = in.get(end)) != BsonConstants.STRING_TERMINATION) {
            hash = 31 * hash + b;
            end++;
        }
        in.position(end + 1);
        int length = end - start;
        if (length > NAME_BYTES) {
            return utf8(in, start, length);
        }
        int slot = (hash ^ (hash >>> 16)) & (NAMES - 1);
        Name known = names[slot];
        if (known != null && sameBytes(known.bytes, in, start, length)) {
            return known.value;
        }
        byte[] bytes = new byte[length];
        in.get(start, bytes);
        String value = new String(bytes, StandardCharsets.UTF_8);
        names[slot] = new Name(bytes, value);
        return value;
    }

    private static boolean sameBytes(byte[] known, ByteBuffer in, int start, int length) {
        if (known.length != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (known[i] != in.get(start + i)) {
                return false;
            }
        }
        return true;
    }

    private static void skipCString(ByteBuffer in) {
        int end = in.position();
        while (in.get(end) != BsonConstants.STRING_TERMINATION) {
            end++;
        }
        in.position(end + 1);
    }

    private static String utf8(ByteBuffer in, int start, int length) {
        if (in.hasArray()) {
            return new String(in.array(), in.arrayOffset() + start, length, StandardCharsets.UTF_8);
        }
        byte[] bytes = new byte[length];
        in.get(start, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
