package dev.meridian.outcomes.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.events.CancellationReason;
import dev.meridian.events.Chronicity;
import dev.meridian.events.CourseOutcome;
import dev.meridian.events.EmotionalPhase;
import dev.meridian.events.Exercise;
import dev.meridian.events.Intensity;
import dev.meridian.events.TraumaRelated;
import dev.meridian.outcomes.support.History;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every summary measure on a hand-built history with answers worked out by hand (threshold 1: nothing suppressed),
 * and the same answers whether merged from the dashboard cells or computed from the course documents.
 */
class OutcomeMeasuresTest {

    private static final OutcomeSummaries UNSUPPRESSED = new OutcomeSummaries(null, 1);

    /** Chronic cell (loc-a, pr-1, 2026-03): six courses; acute cell: two. */
    static History clinic() {
        History h = new History();
        // c1: 8 -> 6 -> 4: relief at session 2 (6 is only 25 % down), substantial (50 %); emotional at onset.
        History.Course c1 = h.openCourse(h.registerPatient("loc-a"), "loc-a", "pr-1", Chronicity.CHRONIC, 8, null);
        c1.scheduleSession().start(8).emotionalResponse(EmotionalPhase.AT_PAIN_ONSET, Intensity.MILD,
                TraumaRelated.NO).retain(20).complete(6);
        c1.scheduleSession().start(6).retain(30).complete(4);
        // c2: 6 -> 5, a cancelled session, 5 -> 5, 5 -> 3: relief at the third completed session (not the fourth).
        History.Course c2 = h.openCourse(h.registerPatient("loc-a"), "loc-a", "pr-1", Chronicity.CHRONIC, 6, null);
        c2.scheduleSession().start(6).retain(22).complete(5);
        c2.scheduleSession().cancel(CancellationReason.CANCELLED);
        c2.session(5, 5);
        c2.session(5, 3);
        // c3: 5 -> 4 -> 4: one point better, no relief; closed unchanged.
        History.Course c3 = h.openCourse(h.registerPatient("loc-a"), "loc-a", "pr-1", Chronicity.CHRONIC, 5, null);
        c3.session(5, 4);
        c3.session(4, 4);
        c3.close(CourseOutcome.UNCHANGED, 4);
        // c4: 7 -> 2 in one session, retention 25, emotional during release: resolved in one session.
        History.Course c4 = h.openCourse(h.registerPatient("loc-a"), "loc-a", "pr-1", Chronicity.CHRONIC, 7, null);
        c4.scheduleSession().start(7).emotionalResponse(EmotionalPhase.DURING_RELEASE, Intensity.STRONG,
                TraumaRelated.YES).retain(25).complete(2);
        c4.close(CourseOutcome.RESOLVED, 2);
        // c5: no session yet (not measured), homework assigned.
        History.Course c5 = h.openCourse(h.registerPatient("loc-a"), "loc-a", "pr-1", Chronicity.CHRONIC, 6, null);
        c5.homework(Exercise.PSOAS_STRETCH);
        // c6: 4 -> 2: exactly 2 points and 50 %; closed improved.
        History.Course c6 = h.openCourse(h.registerPatient("loc-a"), "loc-a", "pr-1", Chronicity.CHRONIC, 4, null);
        c6.session(4, 2);
        c6.close(CourseOutcome.IMPROVED, 2);
        // Acute: c7 resolved after two sessions (not one-session), c8 resolved after one.
        History.Course c7 = h.openCourse(h.registerPatient("loc-a"), "loc-a", "pr-1", Chronicity.ACUTE, 5, null);
        c7.session(5, 1);
        c7.session(1, 0);
        c7.close(CourseOutcome.RESOLVED, 0);
        History.Course c8 = h.openCourse(h.registerPatient("loc-a"), "loc-a", "pr-1", Chronicity.ACUTE, 3, null);
        c8.session(3, 0);
        c8.close(CourseOutcome.RESOLVED, 0);
        return h;
    }

    @Test
    void chronicCellMeasuresHaveTheHandWorkedAnswers() {
        Map<String, Object> chronic = group(byChronicity(ReadModelFixtures.project(clinic()).cellUnits()), "CHRONIC");

        assertThat(chronic).containsEntry("suppressed", false).containsEntry("courses", 6L)
                .containsEntry("meanBaselinePain", 6.0) // (8+6+5+7+6+4)/6
                .containsEntry("coursesMeasured", 5L) // c5 has no score after baseline
                .containsEntry("responders", 4L) // c1, c2, c4, c6; c3 gained 1 point only
                .containsEntry("responderRate", 0.8)
                .containsEntry("substantialRelief", 4L).containsEntry("substantialReliefRate", 0.8)
                .containsEntry("meanPainChange", 3.0) // (4+3+1+5+2)/5
                .containsEntry("coursesWithRelief", 4L)
                // relief at 2, 3 (the cancelled session is not counted), 1, 1: median of an even count = (1+2)/2
                .containsEntry("medianSessionsToRelief", 1.5)
                .containsEntry("sessionsToRelief1", 2L).containsEntry("sessionsToRelief2", 1L)
                .containsEntry("sessionsToRelief3", 1L).containsEntry("sessionsToRelief4", 0L)
                .containsEntry("coursesClosed", 3L).containsEntry("oneSessionResolutions", 1L)
                .containsEntry("oneSessionResolutionRate", 0.333)
                .containsEntry("coursesWithEmotionalResponse", 2L).containsEntry("emotionalResponseRate", 0.333)
                .containsEntry("emotionalResponseRateAtPainOnset", 0.167)
                .containsEntry("emotionalResponseRateDuringRelease", 0.167)
                .containsEntry("emotionalResponseRateAfterTreatment", 0.0)
                .containsEntry("coursesWithHomework", 1L).containsEntry("homeworkRate", 0.167)
                // started: c1 2, c2 3 (the cancelled one never started), c3 2, c4 1, c6 1
                .containsEntry("sessionsStarted", 9L).containsEntry("sessionsWithEmotionalResponse", 2L)
                .containsEntry("sessionEmotionalResponseRate", 0.222)
                // retention 20, 30, 22, 25: median of an even count = (22+25)/2
                .containsEntry("sessionsWithRetention", 4L).containsEntry("medianRetentionMinutes", 23.5)
                .containsEntry("suppressedFigures", List.of());
    }

    @Test
    void oneSessionResolutionCountsOnlyCoursesResolvedAfterExactlyOneCompletedSession() {
        Map<String, Object> acute = group(byChronicity(ReadModelFixtures.project(clinic()).cellUnits()), "ACUTE");

        assertThat(acute).containsEntry("courses", 2L).containsEntry("coursesClosed", 2L)
                .containsEntry("oneSessionResolutions", 1L).containsEntry("oneSessionResolutionRate", 0.5)
                .containsEntry("responderRate", 1.0).containsEntry("medianSessionsToRelief", 1.0);
    }

    @Test
    void coursesWithoutReliefCountInTheDenominatorButNotTheMedian() {
        History h = new History();
        History.Course flat = h.openCourse(h.registerPatient("loc-b"), "loc-b", "pr-2", Chronicity.CHRONIC, 6, null);
        flat.session(6, 6);
        History.Course worse = h.openCourse(h.registerPatient("loc-b"), "loc-b", "pr-2", Chronicity.CHRONIC, 5, null);
        worse.session(5, 7);

        Map<String, Object> chronic = group(byChronicity(ReadModelFixtures.project(h).cellUnits()), "CHRONIC");

        assertThat(chronic).containsEntry("coursesMeasured", 2L).containsEntry("responders", 0L)
                .containsEntry("responderRate", 0.0).containsEntry("coursesWithRelief", 0L)
                .containsEntry("medianSessionsToRelief", null).containsEntry("meanPainChange", -1.0);
    }

    @Test
    void aGroupWithNothingMeasuredHasNoRatesRatherThanZero() {
        History h = new History();
        h.openCourse(h.registerPatient("loc-c"), "loc-c", "pr-3", Chronicity.SUBACUTE, 6, null);

        Map<String, Object> subacute = group(byChronicity(ReadModelFixtures.project(h).cellUnits()), "SUBACUTE");

        assertThat(subacute).containsEntry("courses", 1L).containsEntry("coursesMeasured", 0L)
                .containsEntry("responderRate", null).containsEntry("meanPainChange", null)
                .containsEntry("oneSessionResolutionRate", null).containsEntry("medianRetentionMinutes", null);
    }

    @Test
    void cellsAndCourseDocumentsGiveTheSameSummaryForEveryGrouping() {
        ReadModelFixtures.Projected projected = ReadModelFixtures.project(clinic());
        for (List<Dimension> groupBy : List.of(List.<Dimension>of(), List.of(Dimension.CHRONICITY),
                List.of(Dimension.LOCATION, Dimension.MONTH), List.of(Dimension.PRACTITIONER, Dimension.CHRONICITY))) {
            SummaryQuery query = query(groupBy);
            assertThat(UNSUPPRESSED.summarize(query, projected.courseUnits(), "course_outcomes").groups())
                    .as("grouped by %s", groupBy)
                    .isEqualTo(UNSUPPRESSED.summarize(query, projected.cellUnits(), "dashboard_cells").groups());
        }
    }

    @Test
    void retentionBandsGroupCoursesByTheirMeanRetentionPerSession() {
        ReadModelFixtures.Projected projected = ReadModelFixtures.project(clinic());
        SummaryReport report = UNSUPPRESSED.summarize(query(List.of(Dimension.RETENTION)), projected.courseUnits(),
                "course_outcomes");

        // c1: (20+30)/2 = 25; c2: 22; c4: 25; the other five retained nothing (c5 unmeasured: (1+2+5+3)/4).
        assertThat(report.groups()).extracting(g -> g.get("retentionBand"), g -> g.get("courses"),
                g -> g.get("meanPainChange")).containsExactly(
                org.assertj.core.groups.Tuple.tuple("20-24", 1L, 3.0),
                org.assertj.core.groups.Tuple.tuple("25-29", 2L, 4.5),
                org.assertj.core.groups.Tuple.tuple("none", 5L, 2.75));
    }

    static SummaryQuery query(List<Dimension> groupBy) {
        return new SummaryQuery(new AnalystFilter(null, null, null, Period.of(null, null, Period.Granularity.MONTH)),
                groupBy, OutputFormat.JSON);
    }

    private static SummaryReport byChronicity(List<Unit> units) {
        return UNSUPPRESSED.summarize(query(List.of(Dimension.CHRONICITY)), units, "dashboard_cells");
    }

    static Map<String, Object> group(SummaryReport report, String chronicity) {
        return report.groups().stream().filter(g -> chronicity.equals(g.get("chronicity"))).findFirst().orElseThrow();
    }
}
