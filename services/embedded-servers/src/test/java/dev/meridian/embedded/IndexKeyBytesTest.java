package dev.meridian.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.ObjectId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.h2.mvstore.type.ObjectDataType;
import org.junit.jupiter.api.Test;

/** Unique-index keys as bytes (decision 0017): equal exactly when their Java-serialized forms were. */
class IndexKeyBytesTest {

    @Test
    void everyKindOfKeyValueComesBackFromItsBytes() {
        for (KeyValue key : keys()) {
            if (key.stream().noneMatch(value -> value instanceof Missing)) {
                assertThat(IndexKeyBytes.read(IndexKeyBytes.of(key))).as(key.toString()).isEqualTo(key);
            }
        }
    }

    @Test
    void theSameKeyGivesTheSameBytesAndEveryOtherKeyOtherBytes() {
        forEveryPair((key, other, same) -> assertThat(Arrays.equals(IndexKeyBytes.of(key), IndexKeyBytes.of(other)))
                .as(key + " and " + other).isEqualTo(same));
    }

    @Test
    void keysThatWereOneKeyAsSerializedBytesAreOneKeyNowAndThoseThatWereTwoAreTwo() {
        // The equality H2KeyIndex had before (decision 0008): Java-serialized keys compared as bytes.
        forEveryPair((key, other, same) -> assertThat(Arrays.equals(IndexKeyBytes.of(key), IndexKeyBytes.of(other)))
                .as(key + " and " + other)
                .isEqualTo(Arrays.equals(ObjectDataType.serialize(key), ObjectDataType.serialize(other))));
    }

    private interface PairCheck {
        void check(KeyValue key, KeyValue other, boolean same);
    }

    /** Every key against every key of a second set made the same way: equal values, other instances. */
    private static void forEveryPair(PairCheck check) {
        List<KeyValue> keys = keys();
        List<KeyValue> copies = keys();
        for (int i = 0; i < keys.size(); i++) {
            for (int j = 0; j < copies.size(); j++) {
                check.check(keys.get(i), copies.get(j), i == j);
            }
        }
    }

    /** Keys whose serialized forms all differ, made anew on every call; the pairs most alike are the point. */
    private static List<KeyValue> keys() {
        List<KeyValue> keys = new ArrayList<>();
        for (Object value : values()) {
            keys.add(new KeyValue(value));
        }
        // Two-value keys as the event store's (aggregate, sequence) index holds them, and look-alikes.
        keys.add(new KeyValue("course-1", 7L));
        keys.add(new KeyValue("course-1", 7));
        keys.add(new KeyValue("course-1", 7.0));
        keys.add(new KeyValue("course-17", 7L));
        keys.add(new KeyValue("ab", "c"));
        keys.add(new KeyValue("a", "bc"));
        keys.add(new KeyValue("abc", null));
        keys.add(new KeyValue(null, "abc"));
        keys.add(new KeyValue(null, null));
        keys.add(new KeyValue("x".repeat(200), "y"));
        keys.add(new KeyValue("x".repeat(199), "xy"));
        keys.add(new KeyValue(new Document("a", 1), "b"));
        keys.add(new KeyValue(Missing.getInstance(), 1L));
        return keys;
    }

    private static List<Object> values() {
        List<Object> values = new ArrayList<>(List.of(
                "", "event-123", "Psoas released ✓ Ünïcode", "x".repeat(127), "x".repeat(128), "x".repeat(20_000),
                0, 1, -1, Integer.MIN_VALUE, Integer.MAX_VALUE,
                0L, 1L, -1L, Long.MIN_VALUE, Long.MAX_VALUE, 1L << 32,
                0.0, -0.0, 1.0, 0.25, Double.NaN, Double.POSITIVE_INFINITY, -1e300,
                true, false,
                new ObjectId("656a0b0c0d0e0f1011121314"), new ObjectId("656a0b0c0d0e0f1011121315"),
                Instant.parse("2026-12-02T05:40:00Z"), Instant.parse("2026-12-02T05:40:00.000000001Z"),
                Instant.ofEpochSecond(-1, 999_999_999),
                UUID.fromString("6b3f1c2e-3d6a-4f0e-9a55-1c2b3d4e5f60"),
                new Document("a", 1), new Document("a", 1L), new Document("a", 1).append("b", 2),
                new Document("b", 2).append("a", 1),
                List.of("a", 1), List.of(1, "a"),
                Missing.getInstance()));
        values.add(null);
        return values;
    }
}
