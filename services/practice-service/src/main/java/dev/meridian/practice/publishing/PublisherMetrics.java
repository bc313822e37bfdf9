package dev.meridian.practice.publishing;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

/**
 * What operators watch on the publisher (Micrometer, served by the actuator's {@code /actuator/metrics}):
 * <ul>
 *   <li>{@code meridian.publisher.events.published}: records Kafka acknowledged, by the streaming publisher
 *       (re-sends after a retried batch count again);</li>
 *   <li>{@code meridian.publisher.events.republished}: records re-sent through {@code POST /internal/republish};</li>
 *   <li>{@code meridian.publisher.events.skipped}: events the {@link PublicationFilter} held back (0 in production);</li>
 *   <li>{@code meridian.publisher.failures}: batches Kafka did not fully acknowledge (each is retried);</li>
 *   <li>{@code meridian.publisher.lag} (seconds): now minus the store timestamp of the last published event while
 *       the publisher is behind; 0 once it has caught up with the event store.</li>
 * </ul>
 */
public class PublisherMetrics {

    private final Counter published;
    private final Counter republished;
    private final Counter skipped;
    private final Counter failures;
    private final Clock clock;
    private final Instant startedAt;
    private final AtomicReference<Instant> lastPublished = new AtomicReference<>();
    private volatile BooleanSupplier caughtUp = () -> false;

    public PublisherMetrics(MeterRegistry registry, Clock clock) {
        this.clock = clock;
        this.startedAt = clock.instant();
        this.published = Counter.builder("meridian.publisher.events.published")
                .description("Events Kafka acknowledged from the streaming publisher").register(registry);
        this.republished = Counter.builder("meridian.publisher.events.republished")
                .description("Events re-sent on request (gap healing, reconciliation)").register(registry);
        this.skipped = Counter.builder("meridian.publisher.events.skipped")
                .description("Events the publication filter held back").register(registry);
        this.failures = Counter.builder("meridian.publisher.failures")
                .description("Batches Kafka did not fully acknowledge; each is retried").register(registry);
        TimeGauge.builder("meridian.publisher.lag", this, TimeUnit.SECONDS, PublisherMetrics::lagSeconds)
                .description("How far behind the event store the publisher is").register(registry);
    }

    void whenCaughtUp(BooleanSupplier caughtUp) {
        this.caughtUp = caughtUp;
    }

    void published(int count, Instant lastEventTimestamp) {
        published.increment(count);
        lastPublished.accumulateAndGet(lastEventTimestamp,
                (previous, next) -> previous == null || next.isAfter(previous) ? next : previous);
    }

    void republished(int count) {
        republished.increment(count);
    }

    void skipped() {
        skipped.increment();
    }

    void failed() {
        failures.increment();
    }

    double lagSeconds() {
        if (caughtUp.getAsBoolean()) {
            return 0;
        }
        Instant last = lastPublished.get();
        Instant since = last == null ? startedAt : last;
        return Math.max(0, Duration.between(since, clock.instant()).toMillis() / 1000.0);
    }
}
