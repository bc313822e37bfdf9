package dev.meridian.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.LocalDate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ClinicEventJsonTest {

    private final ObjectMapper json = ClinicEventJson.newObjectMapper();

    static Stream<ClinicEvent> events() {
        return SampleEvents.all().stream();
    }

    @ParameterizedTest
    @MethodSource("events")
    void every_event_survives_a_json_round_trip(ClinicEvent event) throws Exception {
        byte[] written = json.writeValueAsBytes(event);

        assertThat(json.readValue(written, event.getClass())).isEqualTo(event);
    }

    @ParameterizedTest
    @MethodSource("events")
    void every_event_names_its_patient_location_and_time(ClinicEvent event) {
        assertThat(event.patientId()).isNotBlank();
        assertThat(event.locationId()).isNotBlank();
        assertThat(event.occurredAt()).isNotNull();
        assertThat(event.aggregateId()).isNotBlank();
    }

    @Test
    void the_catalogue_covers_every_event_type() {
        assertThat(SampleEvents.all()).extracting(Object::getClass).containsExactlyInAnyOrderElementsOf(EventTypes.all());
    }

    @Test
    void dates_are_written_as_iso_8601() throws Exception {
        String written = json.writeValueAsString(SampleEvents.all().get(4));

        assertThat(written).contains("\"onsetDate\":\"2026-06-01\"").contains("\"occurredAt\":\"2026-11-23T14:05:00Z\"");
    }

    @Test
    void a_reader_ignores_fields_it_does_not_know() throws Exception {
        String withExtra = "{\"patientId\":\"p\",\"locationId\":\"l\",\"occurredAt\":\"2026-11-23T14:05:00Z\","
                + "\"futureField\":1}";

        assertThat(json.readValue(withExtra, PatientErased.class).patientId()).isEqualTo("p");
    }

    @Test
    void chronicity_follows_the_nih_thresholds() {
        LocalDate opened = LocalDate.of(2026, 11, 23);
        assertThat(Chronicity.of(opened.minusDays(41), opened)).isEqualTo(Chronicity.ACUTE);
        assertThat(Chronicity.of(opened.minusWeeks(6), opened)).isEqualTo(Chronicity.SUBACUTE);
        assertThat(Chronicity.of(opened.minusWeeks(12), opened)).isEqualTo(Chronicity.SUBACUTE);
        assertThat(Chronicity.of(opened.minusWeeks(12).minusDays(1), opened)).isEqualTo(Chronicity.CHRONIC);
    }
}
