package dev.meridian.practice.publishing;

import dev.meridian.events.ClinicEvent;
import dev.meridian.events.envelope.EventEnvelope;
import dev.meridian.practice.publishing.ClinicEventsSender.PendingSend;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.axonframework.eventhandling.AllowReplay;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The publisher: the handler of the streaming processor {@value #PROCESSOR_NAME}, which reads every event of the
 * event store in order and hands each to Kafka. The processor's token, which says how far publication got, may only
 * move once Kafka acknowledged every record of the batch; {@link AwaitAcknowledgements} enforces that.
 *
 * <p>Replays are allowed on purpose: Axon starts a new processor with a replay token, and events stored before the
 * publisher first ran must be published too.
 */
@ProcessingGroup(ClinicEventsPublisher.PROCESSOR_NAME)
@AllowReplay
public class ClinicEventsPublisher {

    public static final String PROCESSOR_NAME = "clinic-events-publisher";

    private static final Logger log = LoggerFactory.getLogger(ClinicEventsPublisher.class);
    private static final String BATCH_RESOURCE = ClinicEventsPublisher.class.getName() + ".batch";

    private final ClinicEventsSender sender;
    private final PublicationFilter filter;
    private final PublisherMetrics metrics;

    public ClinicEventsPublisher(ClinicEventsSender sender, PublicationFilter filter, PublisherMetrics metrics) {
        this.sender = sender;
        this.filter = filter;
        this.metrics = metrics;
    }

    @EventHandler
    void on(ClinicEvent event, DomainEventMessage<?> message) {
        EventEnvelope envelope = StoredEvents.envelopeOf(message);
        if (!filter.shouldPublish(envelope)) {
            metrics.skipped();
            log.warn("Publication filter held back event {} ({} {} #{})", envelope.eventId(),
                    envelope.aggregateType().axonName(), envelope.aggregateId(), envelope.aggregateSequence());
            return;
        }
        List<PendingSend> batch = CurrentUnitOfWork.get().root()
                .getOrComputeResource(BATCH_RESOURCE, key -> new ArrayList<PendingSend>());
        batch.add(sender.send(envelope));
    }

    /**
     * Runs around every event of the processor's batch; after the last one it waits until Kafka acknowledged every
     * record the batch sent, or throws, which rolls the batch back: the token stays where it was and the processor
     * reads the same events again after its back-off (1 s, doubling up to 60 s). Waiting here, inside the
     * handling of the last event, matters: the processor stores its token in the unit of work's prepare-commit
     * phase, before any commit callback of ours could run, and the event store has no transaction to undo it.
     */
    static final class AwaitAcknowledgements implements MessageHandlerInterceptor<EventMessage<?>> {

        private final ClinicEventsSender sender;
        private final PublisherMetrics metrics;

        AwaitAcknowledgements(ClinicEventsSender sender, PublisherMetrics metrics) {
            this.sender = sender;
            this.metrics = metrics;
        }

        @Override
        public Object handle(UnitOfWork<? extends EventMessage<?>> unitOfWork,
                             InterceptorChain interceptorChain) throws Exception {
            Object result;
            try {
                result = interceptorChain.proceed();
            } catch (Exception e) {
                metrics.failed();
                throw e;
            }
            if (unitOfWork instanceof BatchingUnitOfWork<?> batchingUnitOfWork && !batchingUnitOfWork.isLastMessage()) {
                return result;
            }
            List<PendingSend> batch = unitOfWork.root().getResource(BATCH_RESOURCE);
            if (batch == null || batch.isEmpty()) {
                return result;
            }
            try {
                sender.awaitAcknowledged(batch);
            } catch (RuntimeException e) {
                metrics.failed();
                throw e;
            }
            Instant latest = batch.stream().map(send -> send.envelope().time()).max(Instant::compareTo).orElseThrow();
            metrics.published(batch.size(), latest);
            batch.clear();
            return result;
        }
    }
}
