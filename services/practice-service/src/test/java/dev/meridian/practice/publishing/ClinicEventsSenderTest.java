package dev.meridian.practice.publishing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meridian.events.AggregateType;
import dev.meridian.events.SessionStarted;
import dev.meridian.events.envelope.CloudEventsKafkaCodec;
import dev.meridian.events.envelope.EventEnvelope;
import dev.meridian.practice.publishing.ClinicEventsSender.PendingSend;
import dev.meridian.practice.publishing.ClinicEventsSender.PublicationFailedException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class ClinicEventsSenderTest {

    private final List<MockProducer<String, byte[]>> producers = new ArrayList<>();
    private final ClinicEventsTopic topic = new ClinicEventsTopic(null, new ClinicEventsTopicProperties("t", 1, (short) 1)) {
        @Override
        public void ensureExists() {
        }
    };
    private final ClinicEventsSender sender = new ClinicEventsSender(
            ClinicEventsSender.producerConfig(Map.of(), Duration.ofSeconds(2)), topic, new CloudEventsKafkaCodec(),
            config -> {
                MockProducer<String, byte[]> producer =
                        new MockProducer<>(false, new StringSerializer(), new ByteArraySerializer());
                producers.add(producer);
                return producer;
            });

    @Test
    void theGuaranteesCannotBeConfiguredAway() {
        Map<String, Object> fromProperties = new HashMap<>();
        fromProperties.put(ProducerConfig.ACKS_CONFIG, "1");
        fromProperties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
        fromProperties.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 20);
        fromProperties.put(ProducerConfig.LINGER_MS_CONFIG, 20);

        Map<String, Object> config = ClinicEventsSender.producerConfig(fromProperties, Duration.ofSeconds(15));

        assertThat(config).containsEntry(ProducerConfig.ACKS_CONFIG, "all")
                .containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true)
                .containsEntry(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5)
                .containsEntry(ProducerConfig.LINGER_MS_CONFIG, 20)
                .containsEntry(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 15_000);
    }

    @Test
    void aBatchIsDoneOnlyWhenEveryRecordIsAcknowledged() {
        List<PendingSend> batch = List.of(sender.send(envelope(0)), sender.send(envelope(1)));
        MockProducer<String, byte[]> producer = producers.get(0);
        assertThat(producer.history()).hasSize(2);
        assertThat(batch).noneMatch(send -> send.acknowledged().isDone());

        producer.completeNext();
        producer.completeNext();
        sender.awaitAcknowledged(batch);

        assertThat(batch).allMatch(send -> send.acknowledged().isDone());
    }

    @Test
    void oneUnacknowledgedRecordFailsTheBatchAndTheNextAttemptGetsAFreshProducer() {
        List<PendingSend> batch = List.of(sender.send(envelope(0)), sender.send(envelope(1)));
        producers.get(0).completeNext();
        producers.get(0).errorNext(new TimeoutException("broker gone"));

        assertThatThrownBy(() -> sender.awaitAcknowledged(batch))
                .isInstanceOf(PublicationFailedException.class)
                .hasMessageContaining("acknowledged 1 of 2");
        assertThat(producers.get(0).closed()).isTrue();

        sender.send(envelope(0));
        assertThat(producers).hasSize(2);
    }

    private static EventEnvelope envelope(long sequence) {
        Instant at = Instant.parse("2026-11-23T10:00:00Z");
        return new EventEnvelope("event-" + sequence, StoredEvents.SOURCE, at, AggregateType.SESSION, "session-1",
                sequence, new SessionStarted("session-1", "course-1", "patient-1", "loc-1", 5, at));
    }
}
