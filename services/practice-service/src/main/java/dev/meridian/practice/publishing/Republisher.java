package dev.meridian.practice.publishing;

import dev.meridian.practice.publishing.ClinicEventsSender.PendingSend;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;

/**
 * Sends every stored event of some aggregates again, as the streaming publisher sent them (same {@code ce_id},
 * same sequence numbers, same producer): the cure for a gap a consumer found, or for drift reconciliation found.
 * Consumers apply by sequence number, so what they already have changes nothing. The {@link PublicationFilter} is
 * not consulted: a re-publication request is explicit.
 */
public class Republisher {

    private final EventStorageEngine storageEngine;
    private final ClinicEventsSender sender;
    private final PublisherMetrics metrics;

    public Republisher(EventStorageEngine storageEngine, ClinicEventsSender sender, PublisherMetrics metrics) {
        this.storageEngine = storageEngine;
        this.sender = sender;
        this.metrics = metrics;
    }

    /**
     * Returns once Kafka acknowledged every record.
     *
     * @return how many events were sent
     * @throws ClinicEventsSender.PublicationFailedException when Kafka did not acknowledge them all
     */
    public int republish(Collection<String> aggregateIds) {
        List<PendingSend> sends = new ArrayList<>();
        for (String aggregateId : aggregateIds) {
            // The storage engine, not the event store: the store would start from a snapshot.
            DomainEventStream stream = storageEngine.readEvents(aggregateId, 0);
            while (stream.hasNext()) {
                sends.add(sender.send(StoredEvents.envelopeOf(stream.next())));
            }
        }
        sender.awaitAcknowledged(sends);
        metrics.republished(sends.size());
        return sends.size();
    }
}
