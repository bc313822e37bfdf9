package dev.meridian.practice.publishing;

import dev.meridian.events.envelope.CloudEventsKafkaCodec;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The topic every stored event is published to.
 *
 * @param topic             {@code meridian.kafka.topic} (env {@code KAFKA_TOPIC}), default {@code clinic.events}
 * @param partitions        {@code meridian.kafka.partitions} (env {@code KAFKA_PARTITIONS}), default 12; used only
 *                          when the topic is missing and the service creates it
 * @param replicationFactor {@code meridian.kafka.replication-factor} (env {@code KAFKA_REPLICATION_FACTOR}),
 *                          default 1; used only when the service creates a missing topic (real clusters create
 *                          their topics with {@code deploy/kafka/topics.sh})
 */
@ConfigurationProperties("meridian.kafka")
public record ClinicEventsTopicProperties(@DefaultValue(CloudEventsKafkaCodec.DEFAULT_TOPIC) String topic,
                                          @DefaultValue("12") int partitions,
                                          @DefaultValue("1") short replicationFactor) {

    public String deadLetterTopic() {
        return topic + CloudEventsKafkaCodec.DEAD_LETTER_SUFFIX;
    }
}
