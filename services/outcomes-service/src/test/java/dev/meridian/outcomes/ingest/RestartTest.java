package dev.meridian.outcomes.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.meridian.outcomes.projection.ProjectionMetrics;
import dev.meridian.outcomes.support.History;
import dev.meridian.outcomes.support.OutcomesTestKit;
import dev.meridian.outcomes.support.Workloads;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * outcomes-service stopped in the middle of the stream (its Spring context closed, as a shutdown does) and started
 * again on the same database and consumer group: every event ends up applied once, none lost, none counted twice.
 */
class RestartTest {

    private static OutcomesTestKit kit;

    @BeforeAll
    static void kit() {
        kit = new OutcomesTestKit(RestartTest.class);
    }

    @AfterAll
    static void close() {
        kit.close();
    }

    @Test
    void stoppedMidStreamAndStartedAgainNothingIsLostAndNothingCountedTwice() {
        History history = Workloads.generate(23, 40);
        int total = history.envelopes().size();
        int half = total / 2;
        kit.producer.sendAll(history.envelopes().subList(0, half));
        // Small batches, so that the stop lands between commits rather than after the last one.
        kit.start("--spring.kafka.consumer.max-poll-records=10");
        await().atMost(OutcomesTestKit.PATIENCE).pollInterval(Duration.ofMillis(20))
                .until(() -> applied() >= half / 3.0);

        MeterRegistry firstRun = kit.context().getBean(MeterRegistry.class);
        kit.stop();
        double appliedBeforeStop = applied(firstRun);
        assertThat(appliedBeforeStop).as("stopped mid-stream").isPositive().isLessThan(half);
        // Commands go on while the service is down.
        kit.producer.sendAll(history.envelopes().subList(half, total));
        kit.start("--spring.kafka.consumer.max-poll-records=10");

        kit.awaitProjected(history.events());
        assertThat(kit.parked()).isEmpty();
        assertThat(appliedBeforeStop + applied()).as("every event applied exactly once over both runs")
                .isEqualTo(total);
    }

    private static double applied() {
        return applied(kit.context().getBean(MeterRegistry.class));
    }

    private static double applied(MeterRegistry registry) {
        return registry.find(ProjectionMetrics.APPLIED).tag("projection", "live").counters().stream()
                .mapToDouble(Counter::count).sum();
    }
}
