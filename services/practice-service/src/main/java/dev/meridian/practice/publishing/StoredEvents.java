package dev.meridian.practice.publishing;

import dev.meridian.events.AggregateType;
import dev.meridian.events.ClinicEvent;
import dev.meridian.events.envelope.EventEnvelope;
import org.axonframework.eventhandling.DomainEventMessage;

/** Turns an event as the event store holds it into the envelope published on the topic. */
final class StoredEvents {

    /** CloudEvents {@code source} of everything this service publishes. */
    static final String SOURCE = "/meridian/practice-service";

    private StoredEvents() {
    }

    /**
     * The envelope of a stored event: the store's event id (stable across re-publication), its timestamp, and its
     * place in its aggregate's stream.
     *
     * @throws IllegalStateException when the stored event is not a clinic event of the aggregate that holds it; the
     *                               publisher stops on it rather than send something consumers cannot apply
     */
    static EventEnvelope envelopeOf(DomainEventMessage<?> message) {
        if (!(message.getPayload() instanceof ClinicEvent event)) {
            throw new IllegalStateException("Stored event " + message.getIdentifier() + " of aggregate "
                    + message.getAggregateIdentifier() + " is not a clinic event: " + message.getPayloadType().getName());
        }
        AggregateType aggregateType;
        try {
            aggregateType = AggregateType.ofAxonName(message.getType());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("Stored event " + message.getIdentifier() + " has an unknown aggregate type "
                    + message.getType(), e);
        }
        if (event.aggregateType() != aggregateType || !event.aggregateId().equals(message.getAggregateIdentifier())) {
            throw new IllegalStateException("Stored event " + message.getIdentifier() + " is held by "
                    + message.getType() + "/" + message.getAggregateIdentifier() + " but belongs to "
                    + event.aggregateType().axonName() + "/" + event.aggregateId());
        }
        return new EventEnvelope(message.getIdentifier(), SOURCE, message.getTimestamp(), aggregateType,
                message.getAggregateIdentifier(), message.getSequenceNumber(), event);
    }
}
