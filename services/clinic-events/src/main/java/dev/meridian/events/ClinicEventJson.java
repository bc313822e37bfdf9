package dev.meridian.events;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.fasterxml.jackson.datatype.jsr310.deser.InstantDeserializer;
import java.io.IOException;
import java.time.Instant;

/** The one JSON mapping of events, used by the event store, the publisher and the consumers alike. */
public final class ClinicEventJson {

    private ClinicEventJson() {
    }

    /**
     * A mapper that writes ISO-8601 dates and instants and ignores unknown fields, so that a consumer on an
     * older contract still reads events that gained a field. Instants in {@link Instant#toString()}'s form are read
     * by {@link CanonicalInstants}; anything else as the Java time module reads it.
     */
    public static ObjectMapper newObjectMapper() {
        return new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .registerModule(new SimpleModule("canonical-instants")
                        .addDeserializer(Instant.class, new CanonicalInstantDeserializer()))
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE);
    }

    /** Canonical text directly; every other token (numbers, other forms, errors) to the Java time module's reader. */
    static final class CanonicalInstantDeserializer extends StdScalarDeserializer<Instant> {

        CanonicalInstantDeserializer() {
            super(Instant.class);
        }

        @Override
        public Instant deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            if (parser.hasToken(JsonToken.VALUE_STRING)) {
                Instant canonical = CanonicalInstants.parseCanonical(parser.getText());
                if (canonical != null) {
                    return canonical;
                }
            }
            return InstantDeserializer.INSTANT.deserialize(parser, context);
        }
    }
}
