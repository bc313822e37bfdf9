package dev.meridian.practice.publishing;

import dev.meridian.events.ClinicEvent;
import dev.meridian.events.envelope.CloudEventsKafkaCodec;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.eventhandling.async.SequencingPolicy;
import org.axonframework.eventhandling.async.SequentialPerAggregatePolicy;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.extensions.mongo.MongoTemplate;
import org.axonframework.messaging.StreamableMessageSource;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.kafka.KafkaProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * Wires the publisher: a tracking event processor named {@value ClinicEventsPublisher#PROCESSOR_NAME} over the
 * event store, with its token in the MongoDB token store, that sends every event through one idempotent producer
 * and moves its token only after Kafka acknowledged the whole batch. Tracking, not pooled (decision 0010): the
 * embedded event store's stream cannot tell a pooled processor that events arrived, so that one looked again only
 * every 500 ms once caught up, while a tracking processor waits on the stream and reads an event once it is stored.
 *
 * <p>{@code meridian.publisher.enabled=false} switches all of it off; {@link EventStreams} and
 * {@link ChangedStreams} stay, as they only read the event store.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ClinicEventsTopicProperties.class, PublisherProperties.class})
public class PublishingConfiguration {

    @Bean
    public EventStreams eventStreams(MongoTemplate axonMongoTemplate) {
        return new EventStreams(axonMongoTemplate);
    }

    @Bean
    public ChangedStreams changedStreams(MongoTemplate axonMongoTemplate,
                                         @Qualifier("eventSerializer") Serializer eventSerializer) {
        return new ChangedStreams(axonMongoTemplate, eventSerializer);
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(prefix = "meridian.publisher", name = "enabled", havingValue = "true", matchIfMissing = true)
    static class Publisher {

        @Bean
        public ClinicEventsTopic clinicEventsTopic(KafkaAdmin kafkaAdmin, ClinicEventsTopicProperties topic) {
            return new ClinicEventsTopic(kafkaAdmin, topic);
        }

        @Bean(destroyMethod = "close")
        public ClinicEventsSender clinicEventsSender(KafkaProperties kafka, ObjectProvider<SslBundles> sslBundles,
                                                     PublisherProperties publisher, ClinicEventsTopic topic) {
            Map<String, Object> config = ClinicEventsSender.producerConfig(
                    kafka.buildProducerProperties(sslBundles.getIfAvailable()), publisher.sendTimeout());
            return new ClinicEventsSender(config, topic, new CloudEventsKafkaCodec());
        }

        /** Publishes everything; tests replace it to skip an event on purpose (see {@link PublicationFilter}). */
        @Bean
        public PublicationFilter publicationFilter() {
            return PublicationFilter.PUBLISH_ALL;
        }

        @Bean
        public PublisherMetrics publisherMetrics(MeterRegistry registry,
                                                 ObjectProvider<EventProcessingConfiguration> processing) {
            PublisherMetrics metrics = new PublisherMetrics(registry, Clock.systemUTC());
            metrics.whenCaughtUp(() -> {
                EventProcessingConfiguration configuration = processing.getIfAvailable();
                return configuration != null && caughtUp(configuration);
            });
            return metrics;
        }

        @Bean
        public ClinicEventsPublisher clinicEventsPublisher(ClinicEventsSender sender, PublicationFilter filter,
                                                           PublisherMetrics metrics) {
            return new ClinicEventsPublisher(sender, filter, metrics);
        }

        @Bean
        public Republisher republisher(EventStorageEngine eventStorageEngine, ClinicEventsSender sender,
                                       PublisherMetrics metrics) {
            return new Republisher(eventStorageEngine, sender, metrics);
        }

        @Bean
        public ConfigurerModule clinicEventsPublisherProcessor(PublisherProperties publisher,
                                                               ClinicEventsSender sender, PublisherMetrics metrics) {
            String name = ClinicEventsPublisher.PROCESSOR_NAME;
            return configurer -> configurer.eventProcessing()
                    .registerTrackingEventProcessor(
                            name,
                            org.axonframework.config.Configuration::eventStore,
                            c -> TrackingEventProcessorConfiguration.forParallelProcessing(publisher.segments())
                                    .andInitialSegmentsCount(publisher.segments())
                                    // From the first stored event, without the replay flag Axon would set.
                                    .andInitialTrackingToken(StreamableMessageSource::createTailToken)
                                    .andBatchSize(publisher.batchSize())
                                    .andTokenClaimInterval(publisher.retryInterval().toMillis(),
                                            TimeUnit.MILLISECONDS))
                    // A failed send must fail the batch; the default handler would log it and move on.
                    .registerListenerInvocationErrorHandler(name, c -> PropagatingErrorHandler.instance())
                    .registerErrorHandler(name, c -> PropagatingErrorHandler.instance())
                    .registerSequencingPolicy(name, c -> byPatient())
                    .registerHandlerInterceptor(name,
                            c -> new ClinicEventsPublisher.AwaitAcknowledgements(sender, metrics));
        }

        /** All events of one patient in one segment, in store order, so the topic keeps them in order by key. */
        static SequencingPolicy<EventMessage<?>> byPatient() {
            SequentialPerAggregatePolicy perAggregate = SequentialPerAggregatePolicy.instance();
            return event -> event.getPayload() instanceof ClinicEvent clinicEvent
                    ? clinicEvent.patientId()
                    : perAggregate.getSequenceIdentifierFor(event);
        }

        private static boolean caughtUp(EventProcessingConfiguration configuration) {
            return configuration.eventProcessor(ClinicEventsPublisher.PROCESSOR_NAME, StreamingEventProcessor.class)
                    .map(processor -> {
                        Map<Integer, EventTrackerStatus> status = processor.processingStatus();
                        return !status.isEmpty() && status.values().stream()
                                .allMatch(s -> s.isCaughtUp() && !s.isErrorState());
                    })
                    .orElse(false);
        }
    }
}
