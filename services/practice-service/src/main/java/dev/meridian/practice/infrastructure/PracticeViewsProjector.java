package dev.meridian.practice.infrastructure;

import dev.meridian.events.ClinicEvent;
import java.util.List;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.annotation.AggregateType;
import org.axonframework.messaging.annotation.SourceId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Builds the practice read views (patients, courses, sessions in MongoDB) from the event store, in the streaming
 * processor {@value #PROCESSING_GROUP} (see {@link PracticeViewsConfiguration} for why streaming).
 *
 * <p>The Mongo event store tracks by timestamp, so a streaming processor can skip an event committed later than
 * its look-back window (ARCHITECTURE.md, "known trap"). Every document remembers the last sequence applied from
 * its own aggregate's stream; when an event arrives with a higher sequence than the next one expected, the missing
 * events are read back from the event store by aggregate id and applied first. An event that arrives again (a
 * replay, a retry, the skipped event arriving late) is recognised by its sequence and changes nothing.
 */
@Component
@ProcessingGroup(PracticeViewsProjector.PROCESSING_GROUP)
public class PracticeViewsProjector {

    public static final String PROCESSING_GROUP = "practice-views";

    private static final Logger log = LoggerFactory.getLogger(PracticeViewsProjector.class);

    private final List<ViewUpdater> updaters;
    private final EventStore eventStore;

    public PracticeViewsProjector(List<ViewUpdater> updaters, EventStore eventStore) {
        this.updaters = updaters;
        this.eventStore = eventStore;
    }

    @EventHandler
    public void on(ClinicEvent event, @AggregateType String aggregateType, @SourceId String aggregateId,
                   @SequenceNumber Long sequence) {
        StreamPosition position = new StreamPosition(aggregateType, aggregateId, sequence);
        long lastApplied = lastApplied(position);
        if (sequence > lastApplied + 1) {
            repairGap(position, lastApplied);
        }
        applyToAll(event, position);
    }

    @ResetHandler
    public void reset() {
        updaters.forEach(ViewUpdater::reset);
    }

    private long lastApplied(StreamPosition position) {
        for (ViewUpdater updater : updaters) {
            if (updater.ownStreamType().equals(position.aggregateType())) {
                return updater.lastApplied(position.aggregateId());
            }
        }
        return position.sequence() - 1; // a stream no view keeps: nothing to check
    }

    /**
     * Applies the stored events of a stream that follow {@code lastApplied}, to its end: how the reconciliation job
     * heals a stream whose last events the processor skipped (no later event of it comes to reveal the gap).
     *
     * @return how many events were read and applied
     */
    public int catchUp(String aggregateId, long lastApplied) {
        return applyStored(aggregateId, lastApplied, Long.MAX_VALUE);
    }

    private void repairGap(StreamPosition position, long lastApplied) {
        log.warn("Gap in {} {}: applied up to {}, received {}; reading the missing events from the event store",
                position.aggregateType(), position.aggregateId(), lastApplied, position.sequence());
        applyStored(position.aggregateId(), lastApplied, position.sequence());
    }

    /** The stream's stored events after {@code lastApplied} and before {@code before}, applied in order. */
    private int applyStored(String aggregateId, long lastApplied, long before) {
        DomainEventStream missing = eventStore.readEvents(aggregateId, lastApplied + 1);
        int applied = 0;
        while (missing.hasNext()) {
            DomainEventMessage<?> message = missing.next();
            if (message.getSequenceNumber() >= before) {
                break;
            }
            if (message.getPayload() instanceof ClinicEvent earlier) {
                applyToAll(earlier, new StreamPosition(message.getType(), message.getAggregateIdentifier(),
                        message.getSequenceNumber()));
                applied++;
            }
        }
        return applied;
    }

    private void applyToAll(ClinicEvent event, StreamPosition position) {
        for (ViewUpdater updater : updaters) {
            updater.apply(event, position);
        }
    }
}
