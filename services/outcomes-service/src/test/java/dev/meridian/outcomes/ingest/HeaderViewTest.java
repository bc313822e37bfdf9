package dev.meridian.outcomes.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.events.envelope.CloudEventsKafkaCodec;
import dev.meridian.events.envelope.EncodedRecord;
import dev.meridian.events.envelope.EventEnvelope;
import dev.meridian.outcomes.support.Workloads;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

/** The codec reads a record's headers through the view exactly as it read them from a copy. */
class HeaderViewTest {

    private final CloudEventsKafkaCodec codec = new CloudEventsKafkaCodec();

    @Test
    void everyGeneratedEventDecodesThroughTheViewAsThroughACopy() throws Exception {
        for (EventEnvelope envelope : Workloads.generate(7, 5).envelopes()) {
            EncodedRecord encoded = codec.encode(envelope);
            RecordHeaders headers = new RecordHeaders();
            encoded.headers().forEach(headers::add);

            HeaderView view = new HeaderView(headers);

            // (what is published carries no personal data: the copy's decoding is the reference, not the envelope)
            assertThat(codec.decode(view, encoded.value()))
                    .isEqualTo(codec.decode(Map.copyOf(encoded.headers()), encoded.value()));
            assertThat(view).containsOnlyKeys(encoded.headers().keySet());
        }
    }

    @Test
    void theLastHeaderOfANameWinsAndAMissingOneIsAbsent() {
        RecordHeaders headers = new RecordHeaders();
        headers.add(CloudEventsKafkaCodec.TYPE, utf8("PsoasReleased"));
        headers.add(CloudEventsKafkaCodec.SUBJECT, utf8("session-1"));
        headers.add(CloudEventsKafkaCodec.TYPE, utf8("NeedlesRetained"));

        HeaderView view = new HeaderView(headers);

        assertThat(view.get(CloudEventsKafkaCodec.TYPE)).isEqualTo(utf8("NeedlesRetained"));
        assertThat(view.get(CloudEventsKafkaCodec.TIME)).isNull();
        assertThat(view.containsKey(CloudEventsKafkaCodec.TIME)).isFalse();
        assertThat(view).hasSize(2);
        assertThat(Map.copyOf(view)).containsEntry(CloudEventsKafkaCodec.TYPE, utf8("NeedlesRetained"))
                .containsEntry(CloudEventsKafkaCodec.SUBJECT, utf8("session-1"));
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
