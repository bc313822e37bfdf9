package dev.meridian.practice.publishing;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the publisher, the streaming processor that carries stored events onto Kafka.
 *
 * @param enabled       {@code meridian.publisher.enabled}, default {@code true}; {@code false} leaves events in the
 *                      event store only (no processor, no producer, no republish endpoint)
 * @param batchSize     {@code meridian.publisher.batch-size}, default 100: events read, sent and acknowledged
 *                      together before the token moves
 * @param segments      {@code meridian.publisher.segments}, default 1: segments created when the processor first
 *                      starts (events are split by patient, so a patient's events stay in order)
 * @param retryInterval {@code meridian.publisher.retry-interval}, default 1 s: the processor's token claim interval,
 *                      how soon a segment no node holds is claimed (a batch Kafka did not acknowledge is read and
 *                      sent again after the processor's back-off: 1 s, doubling up to 60 s)
 * @param sendTimeout   {@code meridian.publisher.send-timeout}, default 15 s: how long one batch waits for Kafka
 *                      (the producer's {@code delivery.timeout.ms} and {@code max.block.ms}) before it is given up
 *                      and retried
 */
@ConfigurationProperties("meridian.publisher")
public record PublisherProperties(@DefaultValue("true") boolean enabled,
                                  @DefaultValue("100") int batchSize,
                                  @DefaultValue("1") int segments,
                                  @DefaultValue("PT1S") Duration retryInterval,
                                  @DefaultValue("PT15S") Duration sendTimeout) {

    public PublisherProperties {
        if (batchSize < 1) {
            throw new IllegalArgumentException("meridian.publisher.batch-size must be at least 1");
        }
        if (segments < 1) {
            throw new IllegalArgumentException("meridian.publisher.segments must be at least 1");
        }
    }
}
