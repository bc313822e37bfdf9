package dev.meridian.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import de.bwaldvogel.mongo.bson.BinData;
import de.bwaldvogel.mongo.bson.BsonJavaScript;
import de.bwaldvogel.mongo.bson.BsonRegularExpression;
import de.bwaldvogel.mongo.bson.BsonTimestamp;
import de.bwaldvogel.mongo.bson.Decimal128;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.LegacyUUID;
import de.bwaldvogel.mongo.bson.MaxKey;
import de.bwaldvogel.mongo.bson.MinKey;
import de.bwaldvogel.mongo.bson.ObjectId;
import de.bwaldvogel.mongo.wire.bson.BsonDecoder;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class StoredBsonTest {

    @Test
    void writesTheLibrarysBytesForEveryKindOfValue() {
        for (Document document : List.of(everyKind(), new Document(), course(1), course(2))) {
            assertThat(ours(document)).as(document.toString()).isEqualTo(librarys(document));
        }
    }

    @Test
    void readsTheDocumentTheLibraryReadsForEveryKindOfValue() {
        for (Document document : List.of(everyKind(), new Document(), course(1))) {
            byte[] bson = librarys(document);
            Document librarys = BsonDecoder.decodeBson(Unpooled.wrappedBuffer(bson));

            Document ours = StoredBson.decode(ByteBuffer.wrap(bson));

            // (Code and min/max keys have no equality of their own: the bytes say the values are the same.)
            assertThat(librarys(ours)).as("the same values").isEqualTo(bson);
            assertThat(types(ours)).as("the same types, in the same order").isEqualTo(types(librarys));
        }
    }

    @Test
    void randomDocumentsGoThroughUnchanged() {
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 500; i++) {
            Document document = random(random, 3);
            byte[] bson = ours(document);
            assertThat(bson).isEqualTo(librarys(document));
            Document librarys = BsonDecoder.decodeBson(Unpooled.wrappedBuffer(bson));
            Document ours = StoredBson.decode(ByteBuffer.wrap(bson));
            assertThat(ours).isEqualTo(librarys);
            assertThat(types(ours)).isEqualTo(types(librarys));
        }
    }

    @Test
    void readsFromWhereTheBufferIsAndLeavesItAfterTheDocument() {
        byte[] bson = librarys(course(3));
        ByteBuffer page = ByteBuffer.allocate(bson.length + 10);
        page.put(new byte[] {9, 9, 9}).put(bson).put((byte) 7);
        page.position(3);

        assertThat(StoredBson.decode(page)).isEqualTo(course(3));
        assertThat(page.position()).isEqualTo(3 + bson.length);
        assertThat(page.get()).isEqualTo((byte) 7);
    }

    @Test
    void documentsReadShareTheirFieldNames() {
        Document first = StoredBson.decode(ByteBuffer.wrap(librarys(course(1))));
        Document second = StoredBson.decode(ByteBuffer.wrap(librarys(course(2))));

        List<String> firstNames = new ArrayList<>(first.keySet());
        List<String> secondNames = new ArrayList<>(second.keySet());
        assertThat(secondNames).isEqualTo(firstNames);
        for (int i = 0; i < firstNames.size(); i++) {
            assertThat(secondNames.get(i)).as("one string for the name %s", firstNames.get(i))
                    .isSameAs(firstNames.get(i));
        }
    }

    @Test
    void aTruncatedDocumentIsRefused() {
        byte[] bson = librarys(course(1));
        assertThatThrownBy(() -> StoredBson.decode(ByteBuffer.wrap(Arrays.copyOf(bson, bson.length / 2))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aFieldNamedTwiceIsRefusedAsTheLibraryRefusesIt() {
        // {"a": 1, "a": 2}: a client can send it; the library's decoder refuses it, and so does ours.
        byte[] bson = {19, 0, 0, 0, 0x10, 'a', 0, 1, 0, 0, 0, 0x10, 'a', 0, 2, 0, 0, 0, 0};

        assertThatThrownBy(() -> BsonDecoder.decodeBson(Unpooled.wrappedBuffer(bson)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StoredBson.decode(ByteBuffer.wrap(bson))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("duplicate key 'a'");
    }

    @Test
    void aDocumentIsNotReadPastItsLength() {
        byte[] bson = librarys(course(1));
        ByteBuffer page = ByteBuffer.allocate(bson.length);
        page.put(bson).flip();
        page.putInt(0, Integer.reverseBytes(20)); // a length that ends inside the first field

        assertThatThrownBy(() -> StoredBson.decode(page)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no terminating byte");
    }

    @Test
    void anArrayIsNotReadPastItsLength() {
        byte[] bson = librarys(new Document("list", List.of(1, 2, 3)).append("after", "x"));
        // the document's length, 1 type byte, "list\0": the array starts at byte 10; give it a length of 9
        bson[10] = 9;

        assertThatThrownBy(() -> StoredBson.decode(ByteBuffer.wrap(bson))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("illegal BSON array");
    }

    /** The value's classes, with the names and order of its fields. */
    static String types(Object value) {
        if (value instanceof Document document) {
            StringBuilder types = new StringBuilder("{");
            document.forEach((name, field) -> types.append(name).append('=').append(types(field)).append(','));
            return types.append('}').toString();
        }
        if (value instanceof List<?> list) {
            return list.getClass().getSimpleName() + list.stream().map(StoredBsonTest::types).toList();
        }
        return value == null ? "null" : value.getClass().getSimpleName();
    }

    private static byte[] ours(Document document) {
        StoredBson.Encoder encoder = StoredBson.encode(document);
        return Arrays.copyOf(encoder.bytes(), encoder.size());
    }

    static byte[] librarys(Document document) {
        ByteBuf buffer = Unpooled.buffer();
        BsonEncoder.encodeDocument(document, buffer);
        byte[] bytes = new byte[buffer.readableBytes()];
        buffer.readBytes(bytes);
        return bytes;
    }

    static Document everyKind() {
        return new Document("_id", "course-7")
                .append("count", 5L).append("small", -3).append("ratio", 0.25).append("flag", true)
                .append("off", false).append("nothing", null).append("text", "Psoas released; Ünïcode ✓ 𝄞")
                .append("Ünïcode name", 1).append("empty", "")
                .append("at", Instant.parse("2026-12-02T05:40:00.123Z"))
                .append("objectId", new ObjectId("656a0b0c0d0e0f1011121314"))
                .append("amount", new Decimal128(1250L, 0x3040000000000000L))
                .append("payload", new BinData(new byte[] {1, 2, 3, (byte) 0xB5}))
                .append("uuid", UUID.fromString("1c1c1c1c-2d2d-3e3e-4f4f-5a5a5a5a5a5a"))
                .append("legacyUuid", new LegacyUUID(7L, 9L))
                .append("stamp", new BsonTimestamp(1_700_000_000L << 32 | 3))
                .append("pattern", new BsonRegularExpression("^psoas", "i"))
                .append("code", new BsonJavaScript("function() {}"))
                .append("min", MinKey.getInstance()).append("max", MaxKey.getInstance())
                .append("list", List.of("a", 1, 2L, new Document("x", 1), List.of()))
                .append("set", new LinkedHashSet<>(List.of("b", "a")))
                .append("nested", new Document("applied", new Document("session-1", 3L).append("session-2", 0L))
                        .append("empty", new Document()));
    }

    static Document course(int n) {
        Document course = new Document("_id", "course-" + n).append("chronicity", "CHRONIC")
                .append("locationId", "loc-aldmere").append("opened", true).append("baselinePain", 6 + n % 3);
        List<Object> sessions = new ArrayList<>();
        for (int session = 0; session < 12; session++) {
            sessions.add(new Document("painBefore", 7).append("painAfter", 3 + n % 2).append("psoasReleased", true));
        }
        return course.append("sessions", sessions).append("applied", new Document("session-" + n, (long) n));
    }

    private static Document random(SplittableRandom random, int depth) {
        Document document = new Document();
        int fields = random.nextInt(8);
        for (int i = 0; i < fields; i++) {
            document.put("f" + random.nextInt(20) + (random.nextInt(10) == 0 ? "é" : ""), randomValue(random, depth));
        }
        return document;
    }

    private static Object randomValue(SplittableRandom random, int depth) {
        return switch (random.nextInt(depth > 0 ? 10 : 8)) {
            case 0 -> random.nextInt();
            case 1 -> random.nextLong();
            case 2 -> random.nextDouble();
            case 3 -> random.nextBoolean();
            case 4 -> random.nextInt(4) == 0 ? "ø" + random.nextInt() : "v" + random.nextInt(1000);
            case 5 -> Instant.ofEpochMilli(random.nextLong(4_000_000_000_000L));
            case 6 -> null;
            case 7 -> new ObjectId();
            case 8 -> random(random, depth - 1);
            default -> {
                List<Object> list = new ArrayList<>();
                for (int i = random.nextInt(15); i > 0; i--) {
                    list.add(randomValue(random, depth - 1));
                }
                yield list;
            }
        };
    }
}
