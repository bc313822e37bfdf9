package dev.meridian.outcomes.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.meridian.events.AggregateType;
import dev.meridian.events.Chronicity;
import dev.meridian.events.CourseOutcome;
import dev.meridian.events.envelope.EventEnvelope;
import dev.meridian.outcomes.practice.StreamPosition;
import dev.meridian.outcomes.projection.ProjectionMetrics;
import dev.meridian.outcomes.support.History;
import dev.meridian.security.testing.MovingClock;
import dev.meridian.outcomes.support.OutcomesTestKit;
import dev.meridian.outcomes.support.Workloads;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The reconciliation job asks again for streams that stay behind the event store, and leaves streams that are
 * merely in flight alone; between full checks it looks only at what changed and what was behind.
 */
class ScheduledReconciliationTest {

    @Test
    void aStreamBehindIsAskedForOnceItHasNotMovedWhileTheProjectionWasIdle() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        ScriptedReconciliation reconciliation = new ScriptedReconciliation();
        ScheduledReconciliation job = new ScheduledReconciliation(reconciliation, registry, Clock.systemUTC(),
                Duration.ofMinutes(5), Duration.ZERO, Duration.ofMinutes(1));

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
        ScheduledReconciliation job = new ScheduledReconciliation(reconciliation, registry, Clock.systemUTC(),
                Duration.ofMinutes(5), Duration.ZERO, Duration.ofMinutes(1));
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

    @Test
    void betweenFullChecksOnlyTheStreamsChangedSinceThePreviousCheckAndThoseBehindAreLookedUp() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        ScriptedReconciliation reconciliation = new ScriptedReconciliation();
        MovingClock clock = new MovingClock(Instant.parse("2026-12-02T10:00:00Z"));
        ScheduledReconciliation job = new ScheduledReconciliation(reconciliation, registry, clock,
                Duration.ofSeconds(30), Duration.ofHours(1), Duration.ofMinutes(1));

        // The first check is a full one: a session behind in its course, and one of which nothing was applied.
        reconciliation.behind = List.of(drift("behind-in-course", 2L), drift("nothing-applied", null));
        reconciliation.courseOfSession = Map.of("behind-in-course", "course-1");
        job.checkOnce();
        assertThat(checks(registry, "full")).isEqualTo(1);

        clock.set(Instant.parse("2026-12-02T10:00:30Z"));
        reconciliation.changed = List.of(new StreamPosition(AggregateType.SESSION, "fresh", 3, "course-2"));
        reconciliation.behindAmong = List.of(drift("behind-in-course", 2L));
        job.checkOnce();
        assertThat(checks(registry, "full")).isEqualTo(1);
        assertThat(checks(registry, "incremental")).isEqualTo(1);
        assertThat(reconciliation.changedSince).as("since the previous check began, less the overlap")
                .containsExactly(Instant.parse("2026-12-02T09:59:00Z"));
        assertThat(reconciliation.lookedUp).as("what changed, and what was behind with its course")
                .containsExactlyInAnyOrder(
                        new StreamPosition(AggregateType.SESSION, "fresh", 3, "course-2"),
                        new StreamPosition(AggregateType.SESSION, "behind-in-course", 4, "course-1"));
        assertThat(reconciliation.requested).as("both unmoved while the projection was idle: asked for")
                .containsExactly(List.of("behind-in-course", "nothing-applied"));

        clock.set(Instant.parse("2026-12-02T10:59:59Z"));
        job.checkOnce();
        assertThat(reconciliation.changedSince).last().isEqualTo(Instant.parse("2026-12-02T09:59:30Z"));
        assertThat(reconciliation.lookedUp).as("asked for, still carried with its course; of unknown course: not")
                .containsExactlyInAnyOrder(
                        new StreamPosition(AggregateType.SESSION, "fresh", 3, "course-2"),
                        new StreamPosition(AggregateType.SESSION, "behind-in-course", 4, "course-1"));
        assertThat(reconciliation.requested).as("counted afresh once asked for").hasSize(1);
        clock.set(Instant.parse("2026-12-02T10:59:59.500Z"));
        job.checkOnce();
        assertThat(reconciliation.requested).as("still behind at two more checks: asked for again")
                .last().isEqualTo(List.of("behind-in-course"));
        assertThat(checks(registry, "full")).isEqualTo(1);
        clock.set(Instant.parse("2026-12-02T11:00:00Z"));
        job.checkOnce();
        assertThat(checks(registry, "full")).as("an hour after the last full check").isEqualTo(2);
        assertThat(checks(registry, "incremental")).isEqualTo(3);
    }

    private static double checks(SimpleMeterRegistry registry, String kind) {
        return registry.get(ScheduledReconciliation.CHECKS).tag("kind", kind).counter().count();
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

    @Test
    void aLastEventStoredAfterTheFullCheckIsFoundByAnIncrementalOne() {
        try (OutcomesTestKit kit = new OutcomesTestKit(ScheduledReconciliationTest.class)) {
            History history = Workloads.generate(5, 4);
            kit.practice.store(history.envelopes());
            kit.producer.sendAll(history.envelopes());
            kit.start("--meridian.outcomes.reconciliation.interval=PT1S",
                    "--meridian.outcomes.reconciliation.full-interval=PT1H");
            kit.awaitProjected(history.events());
            await().atMost(OutcomesTestKit.PATIENCE).until(() -> kit.counter(ScheduledReconciliation.CHECKS,
                    "kind", "full") == 1);

            // Stored, never published, and each the last event of its stream: no gap reveals them. A patient's
            // only event, and a session's completion (looked up in its course's document).
            String unpublishedPatient = history.registerPatient("loc-west");
            int before = history.envelopes().size();
            History.Course course = history.openCourse(history.registerPatient("loc-east"), "loc-east", "pr-9",
                    Chronicity.CHRONIC, 7, null);
            History.Session session = course.session(7, 3);
            List<EventEnvelope> later = history.envelopes().subList(before, history.envelopes().size());
            kit.practice.store(history.envelopes());
            kit.producer.sendAll(later.subList(0, later.size() - 1));

            await().atMost(OutcomesTestKit.PATIENCE).untilAsserted(() -> assertThat(
                    kit.context().getBean(ReconciliationService.class).check().inSync()).isTrue());
            assertThat(kit.practice.republishedAggregateIds())
                    .containsExactlyInAnyOrder(unpublishedPatient, session.sessionId);
            kit.awaitProjected(history.events());
            assertThat(kit.counter(ScheduledReconciliation.CHECKS, "kind", "full")).as("no full check since")
                    .isEqualTo(1);
            assertThat(kit.counter(ScheduledReconciliation.CHECKS, "kind", "incremental")).isGreaterThanOrEqualTo(2);
            assertThat(kit.practice.changesAskedSince()).isNotEmpty();
        }
    }

    private static StreamDrift drift(String id, Long applied) {
        return new StreamDrift(AggregateType.SESSION, id, 4L, applied, 0);
    }

    /** The comparison's answers given by the test; what the job asks for recorded. */
    private static final class ScriptedReconciliation extends ReconciliationService {
        List<StreamDrift> behind = List.of();
        Map<String, String> courseOfSession = Map.of();
        List<StreamPosition> changed = List.of();
        List<StreamDrift> behindAmong = List.of();
        final List<Instant> changedSince = new ArrayList<>();
        final List<StreamPosition> lookedUp = new ArrayList<>();
        final List<List<String>> requested = new ArrayList<>();

        ScriptedReconciliation() {
            super(null, null, Clock.systemUTC());
        }

        @Override
        public FullCheck checkAll() {
            return new FullCheck(new ReconciliationReport(Instant.now(), behind.size(), 0, behind.size(), 0, 0,
                    behind.isEmpty(), behind, List.of(), List.of()), courseOfSession);
        }

        @Override
        public List<StreamPosition> changedSince(Instant since) {
            changedSince.add(since);
            return changed;
        }

        @Override
        public List<StreamDrift> behindAmong(Collection<StreamPosition> streams) {
            lookedUp.clear();
            lookedUp.addAll(streams);
            return behindAmong;
        }

        @Override
        public void republish(List<String> aggregateIds) {
            requested.add(List.copyOf(aggregateIds));
        }
    }
}
