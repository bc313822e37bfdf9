package dev.meridian.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The fast reading of instants must be {@link Instant#parse}'s (and the Java time module's) in every case. */
class CanonicalInstantsTest {

    @Test
    void every_instant_written_by_toString_reads_back_as_itself() {
        Random random = new Random(20261203);
        long min = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
        long max = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
        for (int i = 0; i < 100_000; i++) {
            long seconds = min + (long) (random.nextDouble() * (max - min));
            // Whole seconds, milliseconds, microseconds and nanoseconds: toString writes 0, 3, 6 or 9 digits.
            int nanos = switch (i % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1_000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1_000;
                default -> random.nextInt(1_000_000_000);
            };
            Instant instant = Instant.ofEpochSecond(seconds, nanos);

            assertThat(CanonicalInstants.parseCanonical(instant.toString())).isEqualTo(instant);
        }
    }

    @Test
    void texts_of_the_canonical_shape_read_as_instant_parse_reads_them_or_fail_as_it_fails() {
        Random random = new Random(42);
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            // Fields beyond their ranges too (month 13, day 31 of a short month, hour 24, second 60), any
            // fraction length 0-9.
            String fraction = "";
            int digits = random.nextInt(10);
            if (digits > 0) {
                StringBuilder f = new StringBuilder(".");
                for (int d = 0; d < digits; d++) {
                    f.append(random.nextInt(10));
                }
                fraction = f.toString();
            }
            texts.add(String.format("%04d-%02d-%02dT%02d:%02d:%02d%sZ", random.nextInt(10_000), random.nextInt(14),
                    random.nextInt(33), random.nextInt(25), random.nextInt(61), random.nextInt(61), fraction));
        }
        for (String text : texts) {
            assertSameAsInstantParse(text);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"2024-02-29T12:00:00Z", "2023-02-29T12:00:00Z", "2000-02-29T00:00:00Z",
        "1900-02-29T00:00:00Z", "2026-12-31T23:59:60Z", "2026-12-03T04:43:47.Z", "2026-12-03T04:43:47.1234567890Z",
        "2026-12-03t04:43:47Z", "2026-12-03T04:43:47z", "2026-12-03T04:43:47+01:00", "+12026-12-03T04:43:47Z",
        "-0001-12-03T04:43:47Z", "2026-12-03 04:43:47Z", "2026-1a-03T04:43:47Z", "", "2026-12-03",
        "0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999Z", "2026-12-03T04:43:47.5Z"})
    void edge_cases_are_instant_parses(String text) {
        assertSameAsInstantParse(text);
    }

    @Test
    void the_event_mapper_reads_instants_as_the_java_time_module_does() throws Exception {
        ObjectMapper fast = ClinicEventJson.newObjectMapper();
        ObjectMapper module = new ObjectMapper().registerModule(new JavaTimeModule());
        for (String json : List.of("\"2026-12-03T04:43:47.741Z\"", "\"2026-12-03T04:43:47Z\"",
                "\"2026-12-03T04:43:47.123456789Z\"", "\"2026-12-03T05:43:47+01:00\"", "\" 2026-12-03T04:43:47Z \"",
                "1796271827", "1796271827.5", "null")) {
            assertThat(fast.readValue(json, Instant.class)).as(json).isEqualTo(module.readValue(json, Instant.class));
        }
        assertThatThrownBy(() -> fast.readValue("\"2026-13-03T04:43:47Z\"", Instant.class))
                .isInstanceOf(InvalidFormatException.class);
        assertThatThrownBy(() -> module.readValue("\"2026-13-03T04:43:47Z\"", Instant.class))
                .isInstanceOf(InvalidFormatException.class);
    }

    private static void assertSameAsInstantParse(String text) {
        Instant expected;
        try {
            expected = Instant.parse(text);
        } catch (DateTimeParseException e) {
            assertThatThrownBy(() -> CanonicalInstants.parse(text)).as(text)
                    .isInstanceOf(DateTimeParseException.class).hasMessage(e.getMessage());
            return;
        }
        assertThat(CanonicalInstants.parse(text)).as(text).isEqualTo(expected);
    }
}
