package dev.meridian.outcomes.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.meridian.events.AggregateType;
import dev.meridian.events.Chronicity;
import dev.meridian.events.CourseOutcome;
import dev.meridian.events.envelope.EventEnvelope;
import dev.meridian.outcomes.projection.ProjectionMetrics;
import dev.meridian.outcomes.support.History;
import dev.meridian.outcomes.support.OutcomesTestKit;
import dev.meridian.outcomes.support.Workloads;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The reconciliation job asks again for streams that stay behind the event store, and leaves streams that are
 * merely in flight alone.
 */
class ScheduledReconciliationTest {

    @Test
    void aStreamBehindIsAskedForOnceItHasNotMovedWhileTheProjectionWasIdle() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        ScriptedReconciliation reconciliation = new ScriptedReconciliation();
        ScheduledReconciliation job = new ScheduledReconciliation(reconciliation, registry, Duration.ofMinutes(5));

        reconciliation.behind = List.of(drift("stuck", 3L), drift("moving", 1L), drift("missing", null));
        job.checkOnce();
        assertThat(reconciliation.requested).as("the first sight of a stream behind may be one in flight").isEmpty();

        eventsRead(registry, 40);
        reconciliation.behind = List.of(drift("stuck", 3L), drift("moving", 2L), drift("missing", null));
        job.checkOnce();
        assertThat(reconciliation.requested).as("the projection is busy: their events may be in the backlog")
                .isEmpty();

        reconciliation.behind = List.of(drift("stuck", 3L), drift("missing", null), drift("new", 0L));
        job.checkOnce();
        assertThat(reconciliation.requested).as("idle since the last check: nothing more is on its way")
                .containsExactly(List.of("missing", "stuck"));

        reconciliation.behind = List.of();
        job.checkOnce();
        assertThat(reconciliation.requested).as("nothing behind, nothing asked").hasSize(1);
    }

    @Test
    void onAProjectionThatIsNeverIdleAStreamThatDoesNotMoveIsAskedForAfterAWhile() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        ScriptedReconciliation reconciliation = new ScriptedReconciliation();
        ScheduledReconciliation job = new ScheduledReconciliation(reconciliation, registry, Duration.ofMinutes(5));
        reconciliation.behind = List.of(drift("stuck", 3L));

        for (int check = 1; check < ScheduledReconciliation.PATIENT_CHECKS; check++) {
            eventsRead(registry, 100);
            job.checkOnce();
        }
        assertThat(reconciliation.requested).isEmpty();
        eventsRead(registry, 100);
        job.checkOnce();
        assertThat(reconciliation.requested).containsExactly(List.of("stuck"));
    }

    /** The live projection took this many more events from the topic. */
    private static void eventsRead(SimpleMeterRegistry registry, int events) {
        registry.counter(ProjectionMetrics.APPLIED, "projection", "live", "aggregateType", "SESSION").increment(events);
    }

    @Test
    void aLastEventThePublisherNeverSentIsProjectedWithoutAnyoneAsking() {
        try (OutcomesTestKit kit = new OutcomesTestKit(ScheduledReconciliationTest.class)) {
            History history = Workloads.generate(3, 4);
            History.Course course = history.openCourse(history.registerPatient("loc-east"), "loc-east", "pr-9",
                    Chronicity.CHRONIC, 7, null);
            course.session(7, 3);
            course.close(CourseOutcome.IMPROVED, 3);
            String unpublishedPatient = history.registerPatient("loc-west");
            List<EventEnvelope> all = history.envelopes();
            EventEnvelope closing = history.streamOf(course.courseId).get(history.streamOf(course.courseId).size() - 1);
            List<EventEnvelope> published = new ArrayList<>(all);
            published.remove(closing);
            published.removeIf(e -> e.aggregateId().equals(unpublishedPatient));
            kit.practice.store(all);
            kit.producer.sendAll(published);

            kit.start("--meridian.outcomes.reconciliation.interval=PT1S");

            // No gap reveals either loss: the course's last event and a patient's only one never arrived.
            kit.awaitProjected(history.events());
            assertThat(kit.practice.republishedAggregateIds()).contains(course.courseId, unpublishedPatient);
            await().atMost(OutcomesTestKit.PATIENCE).untilAsserted(() -> assertThat(
                    kit.context().getBean(ReconciliationService.class).check().inSync()).isTrue());
            assertThat(kit.counter(ScheduledReconciliation.STUCK_REQUESTED)).isGreaterThanOrEqualTo(2);
        }
    }

    private static StreamDrift drift(String id, Long applied) {
        return new StreamDrift(AggregateType.SESSION, id, 4L, applied, 0);
    }

    /** The comparison's answers given by the test; what the job asks for recorded. */
    private static final class ScriptedReconciliation extends ReconciliationService {
        List<StreamDrift> behind = List.of();
        final List<List<String>> requested = new ArrayList<>();

        ScriptedReconciliation() {
            super(null, null, Clock.systemUTC());
        }

        @Override
        public ReconciliationReport check() {
            return new ReconciliationReport(Instant.now(), behind.size(), 0, behind.size(), 0, 0, behind.isEmpty(),
                    behind, List.of(), List.of());
        }

        @Override
        public void republish(List<String> aggregateIds) {
            requested.add(List.copyOf(aggregateIds));
        }
    }
}
