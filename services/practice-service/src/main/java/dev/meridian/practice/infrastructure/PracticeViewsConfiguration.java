package dev.meridian.practice.infrastructure;

import dev.meridian.events.ClinicEvent;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.async.SequencingPolicy;
import org.axonframework.eventhandling.async.SequentialPerAggregatePolicy;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.core.convert.MongoCustomConversions;

/**
 * How the practice views are fed.
 *
 * <p>The projector runs in a <b>tracking (streaming) processor</b> ({@code practice-views}, mode set in
 * {@code practice-service.properties}), not a subscribing one: a subscribing processor runs inside the command's
 * unit of work and, when the view write fails, either fails the command after its event is stored or (with the
 * default logging error handler) drops the update for good. A streaming processor reads the event store at its own
 * pace, keeps its token in MongoDB and moves it only after the batch was handled; with the propagating error
 * handler registered here a failed write is retried (with back-off) until it succeeds, and a restart resumes from
 * the token. So no update is lost, and a view that lags never blocks or fails a command. Tracking rather than pooled:
 * the pooled processor looks for new events only every 500 ms once caught up (decision 0010), so staff reading
 * their own write could see the view up to half a second behind; the tracking one is woken by the commit.
 *
 * <p>Events are sequenced by <b>patient</b>: all events of one patient (patient, course and session streams) are
 * handled by one thread in order. A patient's documents (the patient with its course list, a course with its
 * session list, a session) are written by that thread only, so a read-modify-write by {@code _id} needs no lock,
 * and segments can be added for throughput without changing that.
 */
@Configuration(proxyBeanMethods = false)
public class PracticeViewsConfiguration {

    @Bean
    public ConfigurerModule practiceViewsProcessing(ViewDocuments documents) {
        return configurer -> configurer.eventProcessing(processing -> processing
                .registerSequencingPolicy(PracticeViewsProjector.PROCESSING_GROUP, c -> byPatient())
                .registerListenerInvocationErrorHandler(PracticeViewsProjector.PROCESSING_GROUP,
                        c -> PropagatingErrorHandler.instance())
                // Each document read once and written once per batch (see ViewDocuments).
                .registerHandlerInterceptor(PracticeViewsProjector.PROCESSING_GROUP,
                        c -> new ViewDocuments.WriteAtBatchEnd(documents)));
    }

    static SequencingPolicy<EventMessage<?>> byPatient() {
        SequentialPerAggregatePolicy perAggregate = SequentialPerAggregatePolicy.instance();
        return message -> message.getPayload() instanceof ClinicEvent event
                ? event.patientId()
                : perAggregate.getSequenceIdentifierFor(message);
    }

    /**
     * Dates and instants of the views as BSON dates in UTC (the driver's own codecs), not converted through the
     * JVM's default time zone: a {@code LocalDate} reads back as the same day wherever the service runs.
     */
    @Bean
    public MongoCustomConversions mongoCustomConversions() {
        return MongoCustomConversions.create(adapter -> adapter.useNativeDriverJavaTimeCodecs());
    }
}
