package dev.meridian.outcomes.projection;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.bson.BsonBinaryWriter;
import org.bson.RawBsonDocument;
import org.bson.io.BasicOutputBuffer;

/**
 * A read model document written as BSON straight from Jackson's tokens (buffered; read twice, for the {@code _id}
 * first, then the rest): the bytes the driver writes for
 * {@code new Document(json.convertValue(value, Map.class))} as a stored document (same field order, same types:
 * Jackson's ints stay int32, its longs int64), without the map tree between them. A rebuild's write of its held
 * documents spent two fifths of its allocations building those trees and having the driver look up a codec for
 * each of their values (JFR, 2026-12-04; docs/benchmarks/README.md).
 */
final class ReadModelBson {

    private ReadModelBson() {
    }

    /**
     * @throws IllegalArgumentException when the value is not written as a JSON object with an {@code _id}, or holds
     *     a value the map conversion would give another BSON type (binary, big numbers): none of the read models do
     */
    static RawBsonDocument encode(ObjectMapper json, Object value) {
        TokenBuffer tokens = new TokenBuffer(json, false);
        try {
            json.writeValue(tokens, value);
            BasicOutputBuffer out = new BasicOutputBuffer(4096);
            try (BsonBinaryWriter writer = new BsonBinaryWriter(out)) {
                writer.writeStartDocument();
                // The driver writes a stored document's _id first (Jackson puts a renamed field last), then the
                // other fields in their order.
                try (JsonParser parser = tokens.asParser(json)) {
                    if (!writeId(parser, writer)) {
                        throw new IllegalArgumentException(value.getClass().getSimpleName() + " has no _id");
                    }
                }
                try (JsonParser parser = tokens.asParser(json)) {
                    parser.nextToken();
                    parser.nextToken();
                    writeFields(parser, writer, true);
                }
            }
            return new RawBsonDocument(out.getInternalBuffer(), 0, out.getPosition());
        } catch (IOException e) {
            throw new UncheckedIOException(e); // (tokens in memory: not expected)
        }
    }

    /** Writes the object's {@code _id} field, if it has one. */
    private static boolean writeId(JsonParser parser, BsonBinaryWriter writer) throws IOException {
        if (parser.nextToken() != JsonToken.START_OBJECT) {
            throw new IllegalArgumentException("not a document: " + parser.currentToken());
        }
        for (JsonToken token = parser.nextToken(); token != JsonToken.END_OBJECT; token = parser.nextToken()) {
            String name = parser.currentName();
            JsonToken valueToken = parser.nextToken();
            if ("_id".equals(name)) {
                writer.writeName(name);
                writeValue(parser, valueToken, writer);
                return true;
            }
            parser.skipChildren();
        }
        return false;
    }

    /**
     * Writes the fields up to the object's end and ends the document, the parser on its first field's name (or the
     * end); without {@code _id} when it was written first.
     */
    private static void writeFields(JsonParser parser, BsonBinaryWriter writer, boolean idWritten)
            throws IOException {
        for (JsonToken token = parser.currentToken(); token != JsonToken.END_OBJECT; token = parser.nextToken()) {
            String name = parser.currentName();
            JsonToken valueToken = parser.nextToken();
            if (idWritten && "_id".equals(name)) {
                parser.skipChildren();
                continue;
            }
            writer.writeName(name);
            writeValue(parser, valueToken, writer);
        }
        writer.writeEndDocument();
    }

    private static void writeValue(JsonParser parser, JsonToken token, BsonBinaryWriter writer) throws IOException {
        switch (token) {
            case START_OBJECT -> {
                writer.writeStartDocument();
                parser.nextToken();
                writeFields(parser, writer, false);
            }
            case START_ARRAY -> {
                writer.writeStartArray();
                for (JsonToken element = parser.nextToken(); element != JsonToken.END_ARRAY;
                     element = parser.nextToken()) {
                    writeValue(parser, element, writer);
                }
                writer.writeEndArray();
            }
            case VALUE_STRING -> writer.writeString(parser.getText());
            case VALUE_NUMBER_INT -> {
                Number number = parser.getNumberValue();
                if (number instanceof Long l) {
                    writer.writeInt64(l);
                } else if (number instanceof Integer || number instanceof Short || number instanceof Byte) {
                    writer.writeInt32(number.intValue());
                } else {
                    throw new IllegalArgumentException("no BSON type chosen for " + number.getClass().getName());
                }
            }
            case VALUE_NUMBER_FLOAT -> {
                Number number = parser.getNumberValue();
                if (number instanceof Double || number instanceof Float) {
                    writer.writeDouble(number.doubleValue());
                } else {
                    throw new IllegalArgumentException("no BSON type chosen for " + number.getClass().getName());
                }
            }
            case VALUE_TRUE -> writer.writeBoolean(true);
            case VALUE_FALSE -> writer.writeBoolean(false);
            case VALUE_NULL -> writer.writeNull();
            default -> throw new IllegalArgumentException("no BSON type chosen for " + token);
        }
    }
}
