package dev.meridian.practice.publishing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.meridian.practice.PracticeServiceApplication;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A service that ran without the publisher (or before it existed) already holds events; when the publisher first
 * starts on that event store, with no token yet, it publishes them all, not only what comes next.
 */
class PublishesEventsStoredBeforeItFirstRanTest {

    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final String DATABASE = "publisher_first_start_" + RUN;
    private static final String TOPIC = "publisher-first-start-" + RUN;

    @Test
    void eventsStoredBeforeThePublisherFirstStartedArePublished() {
        PatientJourney early = new PatientJourney();
        try (ConfigurableApplicationContext withoutPublisher = start(false)) {
            early.appendAll(withoutPublisher.getBean(EventStore.class));
        }

        try (ConfigurableApplicationContext withPublisher = start(true);
             TopicReader topic = new TopicReader(
                     withPublisher.getEnvironment().getProperty("spring.kafka.bootstrap-servers"), TOPIC)) {
            PatientJourney later = new PatientJourney();
            later.appendAll(withPublisher.getBean(EventStore.class));

            for (PatientJourney journey : List.of(early, later)) {
                Map<String, Set<Long>> expected = journey.appended().stream().collect(Collectors.groupingBy(
                        DomainEventMessage::getAggregateIdentifier,
                        Collectors.mapping(DomainEventMessage::getSequenceNumber, Collectors.toSet())));
                await().atMost(Duration.ofSeconds(60)).pollInSameThread().untilAsserted(() -> assertThat(
                        topic.sequencesByAggregate(topic.pollFor(journey.aggregateIds()))).isEqualTo(expected));
            }
        }
    }

    private static ConfigurableApplicationContext start(boolean publisher) {
        // Arguments, not builder properties: those are defaults, which practice-service.properties overrides.
        return new SpringApplicationBuilder(PracticeServiceApplication.class).run(
                "--server.port=0",
                "--spring.data.mongodb.database=" + DATABASE,
                "--meridian.kafka.topic=" + TOPIC,
                "--meridian.publisher.enabled=" + publisher,
                "--logging.level.org.apache.kafka=WARN",
                "--logging.level.kafka=WARN",
                "--logging.level.state.change.logger=WARN");
    }
}
