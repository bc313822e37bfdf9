package dev.meridian.events.envelope;

import dev.meridian.events.AggregateType;
import dev.meridian.events.ClinicEvent;
import java.time.Instant;
import java.util.Objects;

/**
 * One event as it travels on {@code clinic.events}: the fact plus where it sits in its aggregate's stream.
 * The aggregate sequence is what consumers use to apply every stream in order, exactly once, and to notice gaps
 * (the MongoDB event store tracks by timestamp and can skip a late event).
 *
 * @param eventId           the event store's id of the event (CloudEvents {@code id}); stable across re-publication
 * @param aggregateSequence the event's sequence number in its aggregate's stream, from 0
 */
public record EventEnvelope(String eventId, String source, Instant time, AggregateType aggregateType,
                            String aggregateId, long aggregateSequence, ClinicEvent event) {

    public EventEnvelope {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(aggregateType, "aggregateType");
        Objects.requireNonNull(aggregateId, "aggregateId");
        Objects.requireNonNull(event, "event");
        if (aggregateSequence < 0) {
            throw new IllegalArgumentException("aggregateSequence must be >= 0");
        }
    }

    /** The Kafka record key: all of a patient's events share one partition, in order. */
    public String partitionKey() {
        return event.patientId();
    }
}
