package dev.meridian.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import de.bwaldvogel.mongo.bson.ObjectId;
import java.nio.ByteBuffer;
import java.util.List;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.DataType;
import org.h2.mvstore.type.ObjectDataType;
import org.junit.jupiter.api.Test;

class DocumentIdTypeTest {

    /** Ids of every kind the services' collections have, object ids among them, in no particular order. */
    private static final List<Object> IDS = List.of(
            new ObjectId("656a0b0c0d0e0f1011121314"), "course-1", new ObjectId("000000000000000000000001"), 42,
            new ObjectId("ffffffffffffffffffffffff"), "", 7L, new ObjectId("656a0b0c0d0e0f1011121313"), 0.5,
            "session-\u00fc", Integer.MIN_VALUE, Long.MAX_VALUE, new ObjectId("7f0000000000000000000000"),
            new ObjectId("800000000000000000000000"));

    @Test
    void everyIdComesBackEqualFromItsBytes() {
        DocumentIdType type = new DocumentIdType();
        for (Object id : IDS) {
            assertThat(type.read(written(type, id))).as("%s", id).isEqualTo(id);
        }
    }

    @Test
    void anObjectIdIsWrittenAsItsTwelveBytesAfterATagAndNotJavaSerialized() {
        ObjectId id = new ObjectId("656a0b0c0d0e0f1011121314");

        ByteBuffer bytes = written(new DocumentIdType(), id);

        assertThat(bytes.remaining()).isEqualTo(13);
        assertThat(bytes.get(0)).isEqualTo(DocumentIdType.OBJECT_ID);
        // H2's own format of the same id: a Java-serialized object, many times longer.
        assertThat(written(new ObjectDataType(), id).remaining()).isGreaterThan(50);
    }

    @Test
    void idsWrittenInH2sOwnFormatBeforeAreReadAsTheyWere() {
        DocumentIdType type = new DocumentIdType();
        ObjectDataType before = new ObjectDataType();
        for (Object id : IDS) {
            assertThat(type.read(written(before, id))).as("%s", id).isEqualTo(id);
        }
    }

    @Test
    void idsAreOrderedAsH2OrderedThemSoStoredMapsKeepTheirOrder() {
        DocumentIdType type = new DocumentIdType();
        ObjectDataType before = new ObjectDataType();
        for (Object a : IDS) {
            for (Object b : IDS) {
                assertThat(Integer.signum(type.compare(a, b))).as("%s against %s", a, b)
                        .isEqualTo(Integer.signum(before.compare(a, b)));
            }
        }
    }

    private static <T> ByteBuffer written(DataType<T> type, T id) {
        WriteBuffer buffer = new WriteBuffer(64);
        type.write(buffer, id);
        return buffer.getBuffer().flip();
    }
}
