package dev.meridian.outcomes.projection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.events.CancellationReason;
import dev.meridian.events.Chronicity;
import dev.meridian.events.ClinicEvent;
import dev.meridian.events.CourseOutcome;
import dev.meridian.events.EmotionalPhase;
import dev.meridian.events.Exercise;
import dev.meridian.events.Intensity;
import dev.meridian.events.Side;
import dev.meridian.events.TraumaRelated;
import dev.meridian.outcomes.projection.CourseOutcomeDocument.PainSource;
import dev.meridian.outcomes.recount.IndependentRecount;
import dev.meridian.outcomes.recount.ProjectedFigures;
import dev.meridian.outcomes.support.History;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each outcome measure of DOMAIN.md on hand-built histories, projected without a database. */
class CourseOutcomeProjectionTest {

    private final History history = new History(Instant.parse("2026-04-10T08:00:00Z"));
    private final String patient = history.registerPatient("loc-north");

    private History.Course course(Chronicity chronicity, int baseline) {
        return history.openCourse(patient, "loc-north", "pr-1", chronicity, baseline, 40);
    }

    private CourseOutcomeDocument project(History.Course course) {
        return InMemoryProjection.of(history.events()).course(course.courseId);
    }

    @ParameterizedTest(name = "baseline {0}, latest {1}: change {2}, responder {3}, substantial {4}, recovered {5}")
    @CsvSource({
            "6, 4, 2, true, false, false",    // 2 points, 33 %
            "8, 6, 2, false, false, false",   // 2 points but only 25 %
            "10, 7, 3, true, false, false",   // exactly 30 %
            "2, 1, 1, false, true, false",    // 50 % but 1 point
            "8, 4, 4, true, true, false",     // exactly 50 %
            "8, 5, 3, true, false, false",    // 37.5 %
            "5, 0, 5, true, true, true",
            "4, 6, -2, false, false, false",  // worse
            "0, 0, 0, false, false, true"})
    void responderSubstantialReliefAndRecoveryFollowTheThresholds(int baseline, int latest, int change,
                                                                   boolean responder, boolean substantial,
                                                                   boolean recovered) {
        History.Course course = course(Chronicity.CHRONIC, baseline);
        course.session(baseline, latest);

        CourseOutcomeDocument outcome = project(course);

        assertThat(outcome.latestPain).isEqualTo(latest);
        assertThat(outcome.painChange).isEqualTo(change);
        assertThat(outcome.responder).isEqualTo(responder);
        assertThat(outcome.substantialRelief).isEqualTo(substantial);
        assertThat(outcome.recovered).isEqualTo(recovered);
    }

    @Test
    void noMeasureWithoutACompletedSessionOrFollowUp() {
        History.Course course = course(Chronicity.ACUTE, 7);
        course.scheduleSession().start(7);

        CourseOutcomeDocument outcome = project(course);

        assertThat(outcome.latestPain).isNull();
        assertThat(outcome.painChange).isNull();
        assertThat(outcome.responder).isFalse();
        assertThat(outcome.sessionsToRelief).isNull();
        assertThat(outcome.sessionsStarted).isEqualTo(1);
        assertThat(outcome.sessionsCompleted).isZero();
    }

    @Test
    void sessionsToReliefIsTheNumberOfTheFirstCompletedSessionThatMadeThePatientAResponder() {
        History.Course course = course(Chronicity.CHRONIC, 8);
        course.session(8, 7);
        course.session(7, 6); // 25 %: not yet
        course.session(6, 5); // 3 points, 37.5 %
        course.session(5, 4);

        CourseOutcomeDocument outcome = project(course);

        assertThat(outcome.sessionsToRelief).isEqualTo(3);
        assertThat(outcome.sessionsCompleted).isEqualTo(4);
        assertThat(outcome.painChange).isEqualTo(4);
    }

    @Test
    void sessionsToReliefStaysWhenLaterScoresWorsenButTheResponderStatusFollowsTheLatestScore() {
        History.Course course = course(Chronicity.CHRONIC, 8);
        course.session(8, 4);
        course.followUp(7, null);

        CourseOutcomeDocument outcome = project(course);

        assertThat(outcome.sessionsToRelief).isEqualTo(1);
        assertThat(outcome.latestPain).isEqualTo(7);
        assertThat(outcome.latestPainSource).isEqualTo(PainSource.FOLLOW_UP);
        assertThat(outcome.responder).isFalse();
    }

    @Test
    void aSessionCompletedAfterAFollowUpIsTheLatestScore() {
        History.Course course = course(Chronicity.SUBACUTE, 6);
        course.followUp(5, 30);
        course.session(5, 2);

        CourseOutcomeDocument outcome = project(course);

        assertThat(outcome.latestPain).isEqualTo(2);
        assertThat(outcome.latestPainSource).isEqualTo(PainSource.SESSION);
        assertThat(outcome.latestOdi).isEqualTo(30);
        assertThat(outcome.odiChange).isEqualTo(10);
        assertThat(outcome.odiResponder).isTrue();
    }

    @Test
    void sessionsAreNumberedInCompletionOrderNotSchedulingOrder() {
        History.Course course = course(Chronicity.CHRONIC, 9);
        History.Session first = course.scheduleSession();
        History.Session second = course.scheduleSession();
        second.start(9).complete(8);
        first.start(8).complete(6);

        CourseOutcomeDocument outcome = project(course);

        assertThat(outcome.sessions.get(second.sessionId).sessionNumber).isEqualTo(1);
        assertThat(outcome.sessions.get(first.sessionId).sessionNumber).isEqualTo(2);
        assertThat(outcome.sessions.get(first.sessionId).prePain).isEqualTo(8);
        assertThat(outcome.sessions.get(first.sessionId).postPain).isEqualTo(6);
        assertThat(outcome.sessionsToRelief).isEqualTo(2);
    }

    @ParameterizedTest(name = "{0} after {1} completed session(s) and {2} cancelled: one-session resolution {3}")
    @CsvSource({
            "RESOLVED, 1, 0, true",
            "RESOLVED, 1, 1, true",
            "RESOLVED, 2, 0, false",
            "IMPROVED, 1, 0, false",
            "RESOLVED, 0, 1, false"})
    void oneSessionResolutionIsClosedResolvedAfterExactlyOneCompletedSession(CourseOutcome outcome, int completed,
                                                                               int cancelled, boolean expected) {
        History.Course course = course(Chronicity.ACUTE, 5);
        for (int i = 0; i < completed; i++) {
            course.session(5, 0);
        }
        for (int i = 0; i < cancelled; i++) {
            course.scheduleSession().cancel(CancellationReason.NO_SHOW);
        }
        course.close(outcome, 0);

        CourseOutcomeDocument projected = project(course);

        assertThat(projected.oneSessionResolution).isEqualTo(expected);
        assertThat(projected.outcome).isEqualTo(outcome);
        assertThat(projected.closingPain).isZero();
        assertThat(projected.sessionsCancelled).isEqualTo(cancelled);
    }

    @Test
    void aSessionCompletedAfterClosingCountsForOneSessionResolution() {
        History.Course course = course(Chronicity.ACUTE, 5);
        course.session(5, 1);
        History.Session late = course.scheduleSession();
        course.close(CourseOutcome.RESOLVED, 0);
        assertThat(project(course).oneSessionResolution).isTrue();

        late.start(1).complete(0);

        assertThat(project(course).oneSessionResolution).isFalse();
        assertThat(project(course).sessionsCompleted).isEqualTo(2);
    }

    @Test
    void psoasReleasesRetentionEmotionalResponsesAndHomeworkAreCountedPerSessionAndCourse() {
        History.Course course = course(Chronicity.CHRONIC, 7);
        History.Session one = course.scheduleSession().start(7)
                .releasePsoas(Side.LEFT, true).retain(25)
                .emotionalResponse(EmotionalPhase.DURING_RELEASE, Intensity.STRONG, TraumaRelated.YES)
                .emotionalResponse(EmotionalPhase.AFTER_TREATMENT, Intensity.MILD, TraumaRelated.NO)
                .complete(5);
        History.Session two = course.scheduleSession().start(5)
                .releasePsoas(Side.BILATERAL, false).retain(20).retain(10)
                .complete(4);
        course.homework(Exercise.PSOAS_STRETCH, Exercise.CORE_STABILITY);
        course.homework(Exercise.PSOAS_STRETCH, Exercise.HIP_FLEXOR_STRETCH);

        CourseOutcomeDocument outcome = project(course);

        assertThat(outcome.psoasReleases.count).isEqualTo(2);
        assertThat(outcome.psoasReleases.sides).containsEntry("LEFT", 1).containsEntry("BILATERAL", 1)
                .containsEntry("RIGHT", 0);
        assertThat(outcome.psoasReleases.localTwitchResponses).isEqualTo(1);
        assertThat(outcome.sessions.get(one.sessionId).retentionMinutes).isEqualTo(25);
        assertThat(outcome.sessions.get(two.sessionId).retentionMinutes).isEqualTo(30);
        assertThat(outcome.retentionMinutesTotal).isEqualTo(55);
        assertThat(outcome.sessionsWithRetention).isEqualTo(2);
        assertThat(outcome.emotionalResponses.count).isEqualTo(2);
        assertThat(outcome.emotionalResponses.sessions).isEqualTo(1);
        assertThat(outcome.emotionalResponses.phases).containsEntry("DURING_RELEASE", 1)
                .containsEntry("AFTER_TREATMENT", 1).containsEntry("AT_PAIN_ONSET", 0);
        assertThat(outcome.emotionalResponses.traumaRelated).containsEntry("YES", 1).containsEntry("NO", 1);
        assertThat(outcome.homework.assigned).isTrue();
        assertThat(outcome.homework.assignments).isEqualTo(2);
        assertThat(outcome.homework.exercises).containsExactly(Exercise.PSOAS_STRETCH, Exercise.HIP_FLEXOR_STRETCH,
                Exercise.CORE_STABILITY);
    }

    @Test
    void theCourseIsInTheCellOfItsOpeningMonthWithEverythingThatHappenedLater() {
        History.Course course = course(Chronicity.CHRONIC, 8);
        course.session(8, 5).releasePsoas(Side.RIGHT, false);
        history.at(Instant.parse("2026-05-20T10:00:00Z"));
        course.session(5, 2);
        course.close(CourseOutcome.IMPROVED, 2);

        Map<String, Map<String, Long>> cells = InMemoryProjection.of(history.events()).cells();

        assertThat(cells).containsOnlyKeys("loc-north|pr-1|2026-04|CHRONIC");
        assertThat(cells.get("loc-north|pr-1|2026-04|CHRONIC"))
                .containsEntry("coursesOpened", 1L)
                .containsEntry("coursesClosed", 1L)
                .containsEntry("outcomes.IMPROVED", 1L)
                .containsEntry("sessionsCompleted", 2L)
                .containsEntry("responders", 1L)
                .containsEntry("substantialRelief", 1L)
                .containsEntry("histograms.sessionsToRelief.1", 1L)
                .containsEntry("histograms.painChange.6", 1L)
                .containsEntry("painChangeSum", 6L);
    }

    @Test
    void sessionEventsArrivingBeforeTheCourseOpeningGiveTheSameOutcomeOnceItArrives() {
        History.Course course = course(Chronicity.ACUTE, 6);
        course.session(6, 2).retain(25);
        course.close(CourseOutcome.RESOLVED, 1);
        List<ClinicEvent> inOrder = history.events();
        List<ClinicEvent> sessionsFirst = new ArrayList<>();
        inOrder.stream().filter(e -> e instanceof dev.meridian.events.SessionEvent).forEach(sessionsFirst::add);
        inOrder.stream().filter(e -> !(e instanceof dev.meridian.events.SessionEvent)).forEach(sessionsFirst::add);

        InMemoryProjection early = new InMemoryProjection();
        inOrder.stream().filter(e -> e instanceof dev.meridian.events.SessionEvent).forEach(early::apply);
        assertThat(early.course(course.courseId).opened).isFalse();
        assertThat(CellContributions.of(early.course(course.courseId))).as("no cell before the opening").isNull();

        InMemoryProjection reordered = InMemoryProjection.of(sessionsFirst);
        assertThat(ProjectedFigures.courses(reordered.courseDocuments()))
                .isEqualTo(ProjectedFigures.courses(InMemoryProjection.of(inOrder).courseDocuments()));
        assertThat(reordered.cells()).isEqualTo(InMemoryProjection.of(inOrder).cells());
    }

    @Test
    void theBatchPathsPerEventStepKeepsTheContributionAndCellVersionOfTheSinglePathsStep() {
        // Every kind of event, for many courses: with and without the per-event changes, and from documents read
        // back from the store before each event (whose contribution has no flat counters kept).
        History workload = dev.meridian.outcomes.support.Workloads.generate(83, 30);
        Map<String, CourseOutcomeDocument> single = new java.util.HashMap<>();
        Map<String, CourseOutcomeDocument> batch = new java.util.HashMap<>();
        Map<String, CourseOutcomeDocument> readBack = new java.util.HashMap<>();
        int changed = 0;
        for (dev.meridian.events.envelope.EventEnvelope envelope : workload.envelopes()) {
            if (envelope.aggregateType() == dev.meridian.events.AggregateType.PATIENT) {
                continue;
            }
            String id = CourseOutcomeProjector.courseIdOf(envelope.event());
            CourseOutcomeDocument a = single.computeIfAbsent(id, CourseOutcomeDocument::empty);
            CourseOutcomeDocument b = batch.computeIfAbsent(id, CourseOutcomeDocument::empty);
            CourseOutcomeDocument c = ReadModelStore.copy(readBack.computeIfAbsent(id, CourseOutcomeDocument::empty),
                    CourseOutcomeDocument.class);
            readBack.put(id, c);
            long versionBefore = a.cellVersion;

            List<CourseOutcomeDocument.CellChange> changes = EventApplier.applyInOrder(a, envelope);
            assertThat(EventApplier.applyInOrder(b, envelope, false)).isEmpty();
            assertThat(EventApplier.applyInOrder(c, envelope, false)).isEmpty();

            assertThat(changes.isEmpty()).isEqualTo(a.cellVersion == versionBefore);
            changed += changes.isEmpty() ? 0 : 1;
            for (CourseOutcomeDocument other : List.of(b, c)) {
                assertThat(other.cellVersion).isEqualTo(a.cellVersion);
                assertThat(ReadModelStore.toDocument(other)).isEqualTo(ReadModelStore.toDocument(copyWithout(a)));
            }
            assertThat(a.cellContribution == null ? null : ReadModelStore.toDocument(a.cellContribution))
                    .isEqualTo(CellContributions.of(a) == null ? null
                            : ReadModelStore.toDocument(CellContributions.of(a)));
        }
        assertThat(changed).as("events that changed a contribution").isGreaterThan(50);
    }

    /** The course as the batch paths leave it after an event: no per-event pending change. */
    private static CourseOutcomeDocument copyWithout(CourseOutcomeDocument course) {
        CourseOutcomeDocument copy = ReadModelStore.copy(course, CourseOutcomeDocument.class);
        copy.pendingCellChange = null;
        return copy;
    }

    @Test
    void aChangeThatLeavesTheContributionAsItWasChangesNoCell() {
        History.Course course = course(Chronicity.CHRONIC, 7);
        course.session(7, 4);
        CourseOutcomeDocument before = project(course);
        course.scheduleSession(); // a scheduled session is in no cell counter

        CourseOutcomeDocument after = project(course);

        assertThat(CellContributions.difference(CellContributions.of(before), CellContributions.of(after))).isEmpty();
        assertThat(CellContributions.difference(null, CellContributions.of(after))).hasSize(1);
    }

    @Test
    void everyMeasureEqualsTheIndependentRecount() {
        History.Course course = course(Chronicity.CHRONIC, 9);
        course.session(9, 8).releasePsoas(Side.LEFT, true).retain(25)
                .emotionalResponse(EmotionalPhase.AT_PAIN_ONSET, Intensity.MODERATE, TraumaRelated.UNKNOWN);
        course.scheduleSession().cancel(CancellationReason.CANCELLED);
        course.session(8, 5).retain(30);
        course.homework(Exercise.GLUTE_STRENGTHENING);
        course.followUp(3, 12);
        course.close(CourseOutcome.IMPROVED, 3);

        InMemoryProjection projection = InMemoryProjection.of(history.events());

        assertThat(ProjectedFigures.courses(projection.courseDocuments()))
                .isEqualTo(IndependentRecount.courses(history.events()));
        assertThat(projection.cells()).isEqualTo(IndependentRecount.cells(history.events()));
    }
}
