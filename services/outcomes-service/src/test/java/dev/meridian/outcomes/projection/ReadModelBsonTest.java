package dev.meridian.outcomes.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.mongodb.MongoClientSettings;
import dev.meridian.events.AggregateType;
import dev.meridian.events.envelope.EventEnvelope;
import dev.meridian.outcomes.support.Workloads;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.BsonBinaryWriter;
import org.bson.ByteBuf;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.codecs.Codec;
import org.bson.codecs.DecoderContext;
import org.bson.codecs.EncoderContext;
import org.bson.io.BasicOutputBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The read models written in one pass ({@link ReadModelBson}) are byte for byte what the driver writes for the map
 * conversion they replace, for every course and patient document projected from varied workloads.
 */
class ReadModelBsonTest {

    /** Reads stored documents as the store does. */
    private static final ObjectMapper READER = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private static final Codec<Document> DRIVER = MongoClientSettings.getDefaultCodecRegistry().get(Document.class);

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 7, 42, 2026})
    void projectedDocumentsAreTheDriversBytes(long seed) {
        Map<String, CourseOutcomeDocument> courses = new LinkedHashMap<>();
        Map<String, PatientStreamDocument> patients = new LinkedHashMap<>();
        int applied = 0;
        for (EventEnvelope envelope : Workloads.generate(seed, 60).envelopes()) {
            String owner = EventApplier.ownerOf(envelope);
            if (envelope.aggregateType() == AggregateType.PATIENT) {
                EventApplier.applyToPatientStream(patients.computeIfAbsent(owner, PatientStreamDocument::empty),
                        envelope);
            } else {
                // Every other event as the live path applies it (a pending cell change recorded), the rest as the
                // batch paths do: documents in both states.
                EventApplier.applyInOrder(courses.computeIfAbsent(owner, CourseOutcomeDocument::empty), envelope,
                        applied++ % 2 == 0);
            }
            assertSameBytes(courses.get(owner) != null ? courses.get(owner) : patients.get(owner));
        }
        assertThat(courses).hasSizeGreaterThan(40);
        assertThat(courses.values()).anyMatch(c -> c.closed && !c.followUps.isEmpty() && c.painChangePercent != null);
        courses.values().forEach(ReadModelBsonTest::assertSameBytes);
        patients.values().forEach(ReadModelBsonTest::assertSameBytes);
    }

    @Test
    void longsBeyondIntRangeNegativesNullsAndEmptyCollectionsKeepTheirTypes() {
        CourseOutcomeDocument course = CourseOutcomeDocument.empty("c-1");
        course.cellVersion = 5_000_000_000L;
        course.applied.put("c-1", 3L);
        course.applied.put("s-1", Long.MAX_VALUE);
        course.painChange = -4;
        course.painChangePercent = -66.66666666666667;
        assertSameBytes(course);

        RawBsonDocument written = ReadModelStore.toBson(course);
        assertThat(written.get("cellVersion").isInt64()).isTrue();
        assertThat(written.getDocument("applied").get("c-1").isInt64()).isTrue();
        assertThat(written.get("sessionsScheduled").isInt32()).isTrue();
        assertThat(written.get("latestPain").isNull()).isTrue();
        assertThat(written.getDocument("sessions").isEmpty()).isTrue();
    }

    @Test
    void aValueThatIsNotADocumentBeginningWithItsIdIsRefused() {
        assertThatThrownBy(() -> ReadModelStore.toBson(List.of(1, 2)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a document");
        assertThatThrownBy(() -> ReadModelStore.toBson(Map.of("name", "x")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("has no _id");
    }

    @Test
    void theBytesReadBackAreTheCourseWritten() {
        CourseOutcomeDocument course = CourseOutcomeDocument.empty("c-2");
        course.followUps = new ArrayList<>(List.of(new CourseOutcomeDocument.FollowUp(
                LocalDate.parse("2026-03-01"), 2, 14, Instant.parse("2026-03-01T10:00:00Z"))));
        course.painChangePercent = 50.0;
        RawBsonDocument written = ReadModelStore.toBson(course);
        Document decoded = DRIVER.decode(written.asBsonReader(), DecoderContext.builder().build());
        CourseOutcomeDocument readBack = READER.convertValue(decoded, CourseOutcomeDocument.class);
        JsonNode expected = READER.valueToTree(course);
        JsonNode actual = READER.valueToTree(readBack);
        assertThat(actual).isEqualTo(expected);
    }

    private static void assertSameBytes(Object value) {
        byte[] expected = driverBytes(ReadModelStore.toDocument(value));
        RawBsonDocument written = ReadModelStore.toBson(value);
        ByteBuf buffer = written.getByteBuffer();
        byte[] actual = new byte[buffer.remaining()];
        buffer.get(actual);
        assertThat(actual).isEqualTo(expected);
    }

    private static byte[] driverBytes(Document document) {
        BasicOutputBuffer out = new BasicOutputBuffer();
        DRIVER.encode(new BsonBinaryWriter(out), document,
                EncoderContext.builder().isEncodingCollectibleDocument(true).build());
        return out.toByteArray();
    }
}
