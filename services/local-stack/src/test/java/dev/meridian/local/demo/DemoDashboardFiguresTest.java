package dev.meridian.local.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.events.ClinicEvent;
import dev.meridian.outcomes.query.ProjectedSummaries;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 4's "done when", checked on the default demo data without seeding a stack: the default plan is turned into
 * the events practice-service would store, projected by outcomes-service's projection code, and summarized by its
 * query and suppression code. With the default parameters, every location's chronic group shows its responder rate
 * and median sessions to relief (suppression threshold 11, the service's default). The plan does not depend on the
 * date, so what holds here holds for every day's default demo.
 */
class DemoDashboardFiguresTest {

    private static final int THRESHOLD = 11;
    private static DemoPlan plan;
    private static List<ClinicEvent> events;

    @BeforeAll
    static void projectTheDefaultDemo() {
        plan = new DemoGenerator(DemoParameters.defaults(DemoParameters.DEFAULT_SEED, DemoParameters.DEFAULT_PATIENTS,
                Instant.parse("2026-11-23T10:00:00Z"))).plan();
        events = PlanAsEvents.of(plan);
    }

    @Test
    void every_location_shows_its_chronic_responder_rate_and_median_sessions_to_relief() {
        List<Map<String, Object>> groups = ProjectedSummaries.groups(events, "groupBy=location&chronicity=CHRONIC",
                THRESHOLD);

        assertThat(groups).extracting(g -> g.get("locationId")).containsExactlyElementsOf(
                plan.network().locations().stream().map(DemoNetwork.Location::id).toList());
        assertThat(groups).allSatisfy(g -> {
            assertThat(g.get("suppressed")).as("%s", g.get("locationId")).isEqualTo(false);
            assertThat(g.get("responderRate")).as("%s responderRate", g.get("locationId")).isNotNull();
            assertThat(g.get("medianSessionsToRelief")).as("%s medianSessionsToRelief", g.get("locationId"))
                    .isNotNull();
            assertThat(g.get("suppressedFigures")).as("%s", g.get("locationId")).asList()
                    .doesNotContain("responders", "responderRate", "coursesWithRelief", "medianSessionsToRelief");
        });
    }

    @Test
    void the_default_demo_seeds_in_about_a_minute_and_a_half() {
        // The local stack seeds at roughly 100 calls a second on a 2-core machine: keep the default under 2 minutes.
        assertThat(plan.callCount()).isLessThan(10_000);
    }

    @Test
    void chronic_responders_are_well_below_all_and_every_chronicity_has_non_responders() {
        List<Map<String, Object>> chronic = ProjectedSummaries.groups(events, "groupBy=location&chronicity=CHRONIC",
                THRESHOLD);
        assertThat(chronic).allSatisfy(g -> assertThat((Double) g.get("responderRate")).as("%s", g.get("locationId"))
                .isBetween(0.40, 0.80));

        // Unsuppressed (threshold 1), so the counts can be checked themselves.
        List<Map<String, Object>> network = ProjectedSummaries.groups(events, "groupBy=chronicity", 1);
        assertThat(network).extracting(g -> g.get("chronicity"))
                .containsExactlyInAnyOrder("ACUTE", "SUBACUTE", "CHRONIC");
        assertThat(network).allSatisfy(g -> assertThat((Long) g.get("coursesMeasured") - (Long) g.get("responders"))
                .as("%s non-responders", g.get("chronicity")).isPositive());
        Map<String, Object> acute = network.stream().filter(g -> g.get("chronicity").equals("ACUTE")).findFirst()
                .orElseThrow();
        assertThat((Double) acute.get("oneSessionResolutionRate")).as("minor acute cases often resolve in one session")
                .isGreaterThan(0.25);
    }

    @Test
    void the_one_session_resolution_chart_shows_acute_and_chronic() {
        List<Map<String, Object>> byChronicity = ProjectedSummaries.groups(events, "groupBy=chronicity", THRESHOLD);

        Map<String, Object> acute = byChronicity.stream().filter(g -> g.get("chronicity").equals("ACUTE"))
                .findFirst().orElseThrow();
        Map<String, Object> chronic = byChronicity.stream().filter(g -> g.get("chronicity").equals("CHRONIC"))
                .findFirst().orElseThrow();
        assertThat((Double) acute.get("oneSessionResolutionRate")).isGreaterThan(0.25);
        assertThat(chronic.get("oneSessionResolutionRate")).isNotNull();
        assertThat((Double) chronic.get("oneSessionResolutionRate"))
                .isLessThan((Double) acute.get("oneSessionResolutionRate"));
    }
}
