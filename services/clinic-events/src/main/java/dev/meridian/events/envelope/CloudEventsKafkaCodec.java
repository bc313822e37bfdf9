package dev.meridian.events.envelope;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meridian.events.AggregateType;
import dev.meridian.events.CanonicalInstants;
import dev.meridian.events.ClinicEvent;
import dev.meridian.events.ClinicEventJson;
import dev.meridian.events.EventTypes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CloudEvents Kafka protocol binding, binary content mode: attributes travel as {@code ce_*} headers and the
 * body is the event's JSON. Encoding always removes personal data first, so nothing personal can reach a topic
 * through this codec, whatever the caller passes.
 */
public final class CloudEventsKafkaCodec {

    public static final String DEFAULT_TOPIC = "clinic.events";
    public static final String DEAD_LETTER_SUFFIX = ".DLT";

    public static final String SPEC_VERSION = "ce_specversion";
    public static final String ID = "ce_id";
    public static final String TYPE = "ce_type";
    public static final String SOURCE = "ce_source";
    public static final String TIME = "ce_time";
    public static final String SUBJECT = "ce_subject";
    public static final String CONTENT_TYPE = "content-type";
    /** CloudEvents extension attributes: lower-case alphanumerics only. */
    public static final String AGGREGATE_TYPE = "ce_aggregatetype";
    public static final String AGGREGATE_SEQUENCE = "ce_aggregatesequence";
    public static final String SCHEMA_VERSION = "ce_schemaversion";

    private final ObjectMapper json;

    public CloudEventsKafkaCodec() {
        this(ClinicEventJson.newObjectMapper());
    }

    public CloudEventsKafkaCodec(ObjectMapper json) {
        this.json = json;
    }

    public EncodedRecord encode(EventEnvelope envelope) {
        ClinicEvent publishable = envelope.event().withoutPersonalData();
        Map<String, byte[]> headers = new LinkedHashMap<>();
        put(headers, SPEC_VERSION, "1.0");
        put(headers, ID, envelope.eventId());
        put(headers, TYPE, EventTypes.typeOf(publishable.getClass()));
        put(headers, SOURCE, envelope.source());
        put(headers, TIME, envelope.time().toString());
        put(headers, SUBJECT, envelope.aggregateId());
        put(headers, CONTENT_TYPE, "application/json");
        put(headers, AGGREGATE_TYPE, envelope.aggregateType().axonName());
        put(headers, AGGREGATE_SEQUENCE, Long.toString(envelope.aggregateSequence()));
        put(headers, SCHEMA_VERSION, Integer.toString(EventTypes.SCHEMA_VERSION));
        try {
            return new EncodedRecord(envelope.partitionKey(), headers, json.writeValueAsBytes(publishable));
        } catch (IOException e) {
            throw new IllegalStateException("Event could not be written as JSON: " + headers.get(TYPE), e);
        }
    }

    public EventEnvelope decode(Map<String, byte[]> headers, byte[] value) throws UnreadableEventException {
        String type = required(headers, TYPE);
        Class<? extends ClinicEvent> eventClass = EventTypes.classOf(type)
                .orElseThrow(() -> new UnreadableEventException("unknown event type '" + type + "'"));
        if (value == null || value.length == 0) {
            throw new UnreadableEventException("empty body for " + type);
        }
        ClinicEvent event;
        try {
            event = json.readValue(value, eventClass);
        } catch (IOException e) {
            throw new UnreadableEventException("body is not a valid " + type + ": " + e.getMessage().lines().findFirst().orElse(""), e);
        }
        AggregateType aggregateType;
        try {
            aggregateType = AggregateType.ofAxonName(required(headers, AGGREGATE_TYPE));
        } catch (IllegalArgumentException e) {
            throw new UnreadableEventException(e.getMessage(), e);
        }
        long sequence = parseLong(required(headers, AGGREGATE_SEQUENCE), AGGREGATE_SEQUENCE);
        Instant time;
        try {
            time = CanonicalInstants.parse(required(headers, TIME));
        } catch (DateTimeParseException e) {
            throw new UnreadableEventException("header " + TIME + " is not an instant", e);
        }
        String subject = required(headers, SUBJECT);
        if (event.aggregateType() != aggregateType || !event.aggregateId().equals(subject)) {
            throw new UnreadableEventException("headers name aggregate " + aggregateType + "/" + subject
                    + " but the body belongs to " + event.aggregateType() + "/" + event.aggregateId());
        }
        try {
            return new EventEnvelope(required(headers, ID), required(headers, SOURCE), time, aggregateType, subject,
                    sequence, event);
        } catch (RuntimeException e) {
            throw new UnreadableEventException("invalid envelope: " + e.getMessage(), e);
        }
    }

    private static long parseLong(String text, String header) throws UnreadableEventException {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new UnreadableEventException("header " + header + " is not a number", e);
        }
    }

    private static String required(Map<String, byte[]> headers, String name) throws UnreadableEventException {
        byte[] raw = headers.get(name);
        if (raw == null || raw.length == 0) {
            throw new UnreadableEventException("missing header " + name);
        }
        return new String(raw, StandardCharsets.UTF_8);
    }

    private static void put(Map<String, byte[]> headers, String name, String value) {
        headers.put(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
