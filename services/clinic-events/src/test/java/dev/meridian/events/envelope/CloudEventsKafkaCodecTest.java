package dev.meridian.events.envelope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meridian.events.ClinicEvent;
import dev.meridian.events.ContactDetails;
import dev.meridian.events.EmotionalResponseNoted;
import dev.meridian.events.EmotionalPhase;
import dev.meridian.events.Intensity;
import dev.meridian.events.PatientContactUpdated;
import dev.meridian.events.PatientRegistered;
import dev.meridian.events.PersonalDetails;
import dev.meridian.events.TraumaRelated;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CloudEventsKafkaCodecTest {

    private static final Instant AT = Instant.parse("2026-11-23T14:05:00Z");

    private final CloudEventsKafkaCodec codec = new CloudEventsKafkaCodec();

    private final PatientRegistered registered = new PatientRegistered("p-1", "loc-1",
            new PersonalDetails("Grace", "Hopperfield", LocalDate.of(1961, 2, 3), "grace@example.org", "555-0199"),
            1961, false, AT);

    private EventEnvelope envelope(ClinicEvent event, long sequence) {
        return new EventEnvelope("evt-" + sequence, "/meridian/practice-service", AT, event.aggregateType(),
                event.aggregateId(), sequence, event);
    }

    @Test
    void binary_mode_headers_carry_the_cloudevents_attributes_and_the_stream_position() {
        EncodedRecord record = codec.encode(envelope(registered, 0));

        assertThat(record.key()).isEqualTo("p-1");
        assertThat(header(record, "ce_type")).isEqualTo("meridian.patient.PatientRegistered.v1");
        assertThat(header(record, "ce_id")).isEqualTo("evt-0");
        assertThat(header(record, "ce_subject")).isEqualTo("p-1");
        assertThat(header(record, "ce_aggregatetype")).isEqualTo("Patient");
        assertThat(header(record, "ce_aggregatesequence")).isEqualTo("0");
        assertThat(header(record, "ce_schemaversion")).isEqualTo("1");
        assertThat(header(record, "content-type")).isEqualTo("application/json");
    }

    @Test
    void no_personal_data_is_ever_encoded() {
        EmotionalResponseNoted noted = new EmotionalResponseNoted("s-1", "c-1", "p-1", "loc-1",
                EmotionalPhase.DURING_RELEASE, Intensity.STRONG, TraumaRelated.YES, "spoke of the accident", AT);
        PatientContactUpdated contact = new PatientContactUpdated("p-1", "loc-1",
                new ContactDetails("grace@example.org", "555-0199"), AT);

        String all = body(codec.encode(envelope(registered, 0))) + body(codec.encode(envelope(noted, 3)))
                + body(codec.encode(envelope(contact, 1)));

        assertThat(all).doesNotContain("Grace", "Hopperfield", "1961-02-03", "grace@example.org", "555-0199",
                "accident");
        assertThat(body(codec.encode(envelope(registered, 0)))).contains("\"birthYear\":1961");
    }

    @Test
    void decoding_returns_the_published_form() throws Exception {
        EncodedRecord record = codec.encode(envelope(registered, 5));

        EventEnvelope decoded = codec.decode(record.headers(), record.value());

        assertThat(decoded.aggregateSequence()).isEqualTo(5);
        assertThat(decoded.event()).isEqualTo(registered.withoutPersonalData());
    }

    @Test
    void unreadable_records_are_refused_with_a_reason() {
        EncodedRecord record = codec.encode(envelope(registered, 0));
        Map<String, byte[]> unknownType = new HashMap<>(record.headers());
        unknownType.put("ce_type", "meridian.patient.Nope.v1".getBytes(StandardCharsets.UTF_8));
        Map<String, byte[]> noSequence = new HashMap<>(record.headers());
        noSequence.remove("ce_aggregatesequence");

        assertThatThrownBy(() -> codec.decode(unknownType, record.value())).hasMessageContaining("unknown event type");
        assertThatThrownBy(() -> codec.decode(noSequence, record.value())).hasMessageContaining("ce_aggregatesequence");
        assertThatThrownBy(() -> codec.decode(record.headers(), "{not json".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(UnreadableEventException.class);
    }

    @Test
    void every_attribute_of_the_envelope_comes_back_from_its_header() throws Exception {
        Instant withNanos = Instant.parse("2026-12-05T06:01:20.713000001Z");
        EventEnvelope sent = new EventEnvelope("evt-42", "/meridian/practice-service", withNanos,
                registered.aggregateType(), registered.aggregateId(), 123_456_789_012L, registered);
        EncodedRecord record = codec.encode(sent);

        EventEnvelope decoded = codec.decode(record.headers(), record.value());

        assertThat(decoded).usingRecursiveComparison().ignoringFields("event").isEqualTo(sent);
    }

    @Test
    void sequences_are_read_as_numbers_and_anything_else_is_refused_by_name() throws Exception {
        EncodedRecord record = codec.encode(envelope(registered, 0));

        assertThat(codec.decode(with(record, "ce_aggregatesequence", "007"), record.value()).aggregateSequence())
                .isEqualTo(7);
        assertThat(codec.decode(with(record, "ce_aggregatesequence", "+12"), record.value()).aggregateSequence())
                .isEqualTo(12);
        assertThat(codec.decode(with(record, "ce_aggregatesequence", "9223372036854775807"), record.value())
                .aggregateSequence()).isEqualTo(Long.MAX_VALUE);
        for (String bad : new String[]{"seven", "9223372036854775808", "1.5", " 1"}) {
            assertThatThrownBy(() -> codec.decode(with(record, "ce_aggregatesequence", bad), record.value()))
                    .as(bad).isInstanceOf(UnreadableEventException.class)
                    .hasMessage("header ce_aggregatesequence is not a number");
        }
        assertThatThrownBy(() -> codec.decode(with(record, "ce_aggregatesequence", "-1"), record.value()))
                .isInstanceOf(UnreadableEventException.class).hasMessageContaining("aggregateSequence must be >= 0");
    }

    @Test
    void a_header_naming_another_aggregate_or_time_is_refused_with_what_it_says() {
        EncodedRecord record = codec.encode(envelope(registered, 0));
        String[][] refusals = {
            {"ce_subject", "p-2", "headers name aggregate PATIENT/p-2 but the body belongs to PATIENT/p-1"},
            {"ce_subject", "p-\u00e9", "headers name aggregate PATIENT/p-\u00e9 but the body belongs to PATIENT/p-1"},
            {"ce_aggregatetype", "Session", "headers name aggregate SESSION/p-1 but the body belongs to PATIENT/p-1"},
            {"ce_aggregatetype", "Clinic", "Unknown aggregate type Clinic"},
            {"ce_time", "2026-11-23T14:05:00\u00e9", "header ce_time is not an instant"},
            {"ce_time", "yesterday", "header ce_time is not an instant"},
            {"ce_id", "", "missing header ce_id"},
        };

        for (String[] refusal : refusals) {
            assertThatThrownBy(() -> codec.decode(with(record, refusal[0], refusal[1]), record.value()))
                    .as("%s = %s", refusal[0], refusal[1])
                    .isInstanceOf(UnreadableEventException.class).hasMessage(refusal[2]);
        }
    }

    @Test
    void times_in_another_iso_form_are_read_as_instant_parse_reads_them() throws Exception {
        EncodedRecord record = codec.encode(envelope(registered, 0));

        assertThat(codec.decode(with(record, "ce_time", "2026-11-23T14:05:00.5Z"), record.value()).time())
                .isEqualTo(Instant.parse("2026-11-23T14:05:00.500Z"));
        assertThat(codec.decode(with(record, "ce_time", "2026-11-23T15:05:00+01:00"), record.value()).time())
                .isEqualTo(AT);
    }

    private static Map<String, byte[]> with(EncodedRecord record, String name, String value) {
        Map<String, byte[]> headers = new HashMap<>(record.headers());
        headers.put(name, value.getBytes(StandardCharsets.UTF_8));
        return headers;
    }

    private static String header(EncodedRecord record, String name) {
        return new String(record.headers().get(name), StandardCharsets.UTF_8);
    }

    private static String body(EncodedRecord record) {
        return new String(record.value(), StandardCharsets.UTF_8);
    }
}
