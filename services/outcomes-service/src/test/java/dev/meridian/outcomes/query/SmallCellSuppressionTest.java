package dev.meridian.outcomes.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.events.Chronicity;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Small-cell suppression (threshold 11, the default): no count from 1 to 10 is shown, and none can be recovered by
 * subtracting shown counts from the totals other queries show.
 */
class SmallCellSuppressionTest {

    private static final OutcomeSummaries SUMMARIES = new OutcomeSummaries(null, 11);

    @ParameterizedTest(name = "a location with {0} courses is suppressed")
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10})
    void groupsOfOneToTenShowNoFigures(int courses) {
        List<Unit> units = units(
                ReadModelFixtures.simpleCell("loc-a", "pr-1", "2026-03", "CHRONIC", courses, 0),
                ReadModelFixtures.simpleCell("loc-b", "pr-2", "2026-03", "CHRONIC", 40, 20),
                ReadModelFixtures.simpleCell("loc-c", "pr-3", "2026-03", "CHRONIC", 50, 25));

        Map<String, Object> small = byLocation(summarize(units, null, null, Dimension.LOCATION)).get("loc-a");

        assertThat(small).containsEntry("suppressed", true);
        small.forEach((name, value) -> {
            if (!List.of("locationId", "suppressed", "suppressedFigures").contains(name)) {
                assertThat(value).as(name).isNull();
            }
        });
    }

    @Test
    void aGroupOfElevenIsShown() {
        List<Unit> units = units(
                ReadModelFixtures.simpleCell("loc-a", "pr-1", "2026-03", "CHRONIC", 11, 0),
                ReadModelFixtures.simpleCell("loc-b", "pr-2", "2026-03", "CHRONIC", 40, 20));

        Map<String, Map<String, Object>> groups = byLocation(summarize(units, null, null, Dimension.LOCATION));

        assertThat(groups.get("loc-a")).containsEntry("suppressed", false).containsEntry("courses", 11L)
                .containsEntry("responders", 0L).containsEntry("responderRate", 0.0);
    }

    @Test
    void theThresholdIsConfigurable() {
        List<Unit> units = units(ReadModelFixtures.simpleCell("loc-a", "pr-1", "2026-03", "CHRONIC", 5, 0),
                ReadModelFixtures.simpleCell("loc-b", "pr-2", "2026-03", "CHRONIC", 6, 0));

        SummaryReport report = new OutcomeSummaries(null, 5).summarize(
                query(null, null, List.of(Dimension.LOCATION)), units, "dashboard_cells");

        assertThat(report.suppressionThreshold()).isEqualTo(5);
        assertThat(report.groups()).extracting(g -> g.get("courses")).containsExactly(5L, 6L);
    }

    @Test
    void aLoneSmallGroupTakesTheNextSmallestWithItSoTheTotalCannotBeSubtracted() {
        List<Unit> units = units(
                ReadModelFixtures.simpleCell("loc-a", "pr-1", "2026-03", "CHRONIC", 4, 0),
                ReadModelFixtures.simpleCell("loc-b", "pr-2", "2026-03", "CHRONIC", 30, 15),
                ReadModelFixtures.simpleCell("loc-c", "pr-3", "2026-03", "CHRONIC", 25, 12),
                ReadModelFixtures.simpleCell("loc-d", "pr-4", "2026-03", "CHRONIC", 60, 30));

        Map<String, Map<String, Object>> groups = byLocation(summarize(units, null, null, Dimension.LOCATION));
        Map<String, Object> total = summarize(units, null, null).groups().get(0);

        assertThat(groups.get("loc-a")).containsEntry("suppressed", true);
        assertThat(groups.get("loc-c")).as("the next smallest").containsEntry("suppressed", true);
        assertThat(groups.get("loc-b")).containsEntry("suppressed", false);
        assertThat(groups.get("loc-d")).containsEntry("suppressed", false);
        // The attack: the grand total minus every shown location.
        long hiddenMass = (Long) total.get("courses") - (Long) groups.get("loc-b").get("courses")
                - (Long) groups.get("loc-d").get("courses");
        assertThat(hiddenMass).as("what subtraction leaves: two locations together, not loc-a's 4").isEqualTo(29)
                .isGreaterThanOrEqualTo(11);
    }

    @Test
    void twoSmallGroupsWhoseSumIsStillSmallTakeAThirdWithThem() {
        List<Unit> units = units(
                ReadModelFixtures.simpleCell("loc-a", "pr-1", "2026-03", "CHRONIC", 3, 0),
                ReadModelFixtures.simpleCell("loc-b", "pr-2", "2026-03", "CHRONIC", 4, 0),
                ReadModelFixtures.simpleCell("loc-c", "pr-3", "2026-03", "CHRONIC", 25, 12),
                ReadModelFixtures.simpleCell("loc-d", "pr-4", "2026-03", "CHRONIC", 60, 30));

        Map<String, Map<String, Object>> groups = byLocation(summarize(units, null, null, Dimension.LOCATION));

        assertThat(groups.values().stream().filter(g -> (Boolean) g.get("suppressed")).map(g -> g.get("locationId")))
                .containsExactly("loc-a", "loc-b", "loc-c");
    }

    /**
     * The attack across queries: the two-way table (location x chronicity), each location's total, each chronicity's
     * total, the grand total, and the same table seen through filters (one location, one chronicity at a time). All
     * that is shown goes into one set of equations; solving them recovers no small cell.
     */
    @Test
    void subtractingShownCellsFromEveryTotalRecoversNoSuppressedCell() {
        long[][] courses = {{4, 30, 25}, {12, 9, 40}, {55, 14, 2}};
        String[] locations = {"loc-a", "loc-b", "loc-c"};
        List<Document> cells = new ArrayList<>();
        for (int l = 0; l < locations.length; l++) {
            for (Chronicity c : Chronicity.values()) {
                cells.add(ReadModelFixtures.simpleCell(locations[l], "pr-" + l, "2026-03", c.name(),
                        courses[l][c.ordinal()], 0));
            }
        }
        List<Unit> units = units(cells.toArray(Document[]::new));
        SubtractionAttack attack = new SubtractionAttack();

        summarize(units, null, null, Dimension.LOCATION, Dimension.CHRONICITY).groups().forEach(g ->
                attack.value(g.get("locationId") + "|" + g.get("chronicity"), (Long) g.get("courses")));
        for (String location : locations) {
            for (Chronicity c : Chronicity.values()) {
                // The same cells through filters must hide what the table hides.
                summarize(units, location, c).groups().forEach(g ->
                        attack.value(location + "|" + c + "#filtered", (Long) g.get("courses")));
                attack.equation(location + "|" + c + "#filtered", List.of(location + "|" + c));
                attack.equation(location + "|" + c, List.of(location + "|" + c + "#filtered"));
            }
        }
        summarize(units, null, null, Dimension.LOCATION).groups().forEach(g ->
                attack.value(g.get("locationId") + "|*", (Long) g.get("courses")));
        summarize(units, null, null, Dimension.CHRONICITY).groups().forEach(g ->
                attack.value("*|" + g.get("chronicity"), (Long) g.get("courses")));
        attack.value("*|*", (Long) summarize(units, null, null).groups().get(0).get("courses"));
        for (String location : locations) {
            attack.equation(location + "|*", List.of(location + "|ACUTE", location + "|SUBACUTE", location + "|CHRONIC"));
        }
        for (Chronicity c : Chronicity.values()) {
            attack.equation("*|" + c, List.of("loc-a|" + c, "loc-b|" + c, "loc-c|" + c));
        }
        attack.equation("*|*", List.of("loc-a|*", "loc-b|*", "loc-c|*"));
        attack.equation("*|*", List.of("*|ACUTE", "*|SUBACUTE", "*|CHRONIC"));

        Map<String, Long> known = attack.solve();

        for (int l = 0; l < locations.length; l++) {
            for (Chronicity c : Chronicity.values()) {
                String cell = locations[l] + "|" + c;
                if (courses[l][c.ordinal()] < 11) {
                    assertThat(known).as("small cell %s (%s courses)", cell, courses[l][c.ordinal()])
                            .doesNotContainKey(cell);
                }
            }
        }
        assertThat(known.values()).as("no value from 1 to 10 is shown or recoverable")
                .noneMatch(v -> v >= 1 && v <= 10);
    }

    @Test
    void aFilterHidesWhatTheTableGroupedByThatDimensionHides() {
        List<Unit> units = units(
                ReadModelFixtures.simpleCell("loc-a", "pr-1", "2026-03", "ACUTE", 5, 0),
                ReadModelFixtures.simpleCell("loc-a", "pr-1", "2026-03", "CHRONIC", 45, 20),
                ReadModelFixtures.simpleCell("loc-b", "pr-2", "2026-03", "ACUTE", 30, 20),
                ReadModelFixtures.simpleCell("loc-b", "pr-2", "2026-03", "CHRONIC", 30, 10));

        Map<String, Object> locationA = summarize(units, "loc-a", null).groups().get(0);
        Map<String, Object> chronicA = summarize(units, "loc-a", Chronicity.CHRONIC).groups().get(0);

        assertThat(locationA).containsEntry("courses", 50L);
        assertThat(chronicA).as("50 - 45 would show loc-a's 5 acute courses").containsEntry("suppressed", true);
    }

    @Test
    @SuppressWarnings("unchecked")
    void countsInsideAShownGroupFromOneToTenAreHiddenAndSoAreTheirRates() {
        List<Unit> units = units(
                ReadModelFixtures.simpleCell("loc-a", "pr-1", "2026-03", "CHRONIC", 50, 5),
                ReadModelFixtures.simpleCell("loc-b", "pr-2", "2026-03", "CHRONIC", 50, 45),
                ReadModelFixtures.simpleCell("loc-c", "pr-3", "2026-03", "CHRONIC", 50, 25),
                ReadModelFixtures.simpleCell("loc-d", "pr-4", "2026-03", "CHRONIC", 60, 30));

        Map<String, Map<String, Object>> groups = byLocation(summarize(units, null, null, Dimension.LOCATION));

        assertThat(groups.get("loc-a")).as("5 responders").containsEntry("suppressed", false)
                .containsEntry("courses", 50L).containsEntry("responders", null).containsEntry("responderRate", null);
        assertThat((List<Object>) groups.get("loc-a").get("suppressedFigures")).contains("responders", "responderRate");
        assertThat(groups.get("loc-b")).as("45 of 50: 5 non-responders").containsEntry("responders", null)
                .containsEntry("responderRate", null);
        // Two hidden responder counts are 50 together, and 50 non-responders: subtraction from the total gives those.
        long totalResponders = (Long) summarize(units, null, null).groups().get(0).get("responders");
        long shown = groups.values().stream().map(g -> (Long) g.get("responders")).filter(v -> v != null)
                .mapToLong(Long::longValue).sum();
        assertThat(totalResponders - shown).isGreaterThanOrEqualTo(11);
    }

    @Test
    void smallBucketsOfTheSessionsToReliefDistributionAreHidden() {
        Map<String, Long> counters = new java.util.LinkedHashMap<>();
        counters.put("coursesOpened", 60L);
        counters.put("coursesMeasured", 60L);
        counters.put("responders", 40L);
        counters.put("coursesWithRelief", 40L);
        counters.put("histograms.sessionsToRelief.1", 3L);
        counters.put("histograms.sessionsToRelief.2", 20L);
        counters.put("histograms.sessionsToRelief.3", 17L);
        List<Unit> units = units(ReadModelFixtures.cell("loc-a", "pr-1", "2026-03", "CHRONIC", counters));

        Map<String, Object> group = summarize(units, null, null).groups().get(0);

        assertThat(group).containsEntry("coursesWithRelief", 40L).containsEntry("sessionsToRelief1", null)
                .containsEntry("sessionsToRelief3", null).containsEntry("sessionsToRelief2", 20L)
                .containsEntry("medianSessionsToRelief", 2.0);
    }

    static List<Unit> units(Document... cells) {
        return java.util.Arrays.stream(cells).map(AnalystReadModels::cellUnit).toList();
    }

    private static SummaryReport summarize(List<Unit> units, String locationId, Chronicity chronicity,
                                           Dimension... groupBy) {
        return SUMMARIES.summarize(query(locationId, chronicity, List.of(groupBy)), units, "dashboard_cells");
    }

    private static SummaryQuery query(String locationId, Chronicity chronicity, List<Dimension> groupBy) {
        return new SummaryQuery(new AnalystFilter(chronicity, locationId, null,
                Period.of(null, null, Period.Granularity.MONTH)), groupBy, OutputFormat.JSON);
    }

    private static Map<String, Map<String, Object>> byLocation(SummaryReport report) {
        return report.groups().stream().collect(Collectors.toMap(g -> (String) g.get("locationId"), g -> g,
                (a, b) -> a, java.util.TreeMap::new));
    }
}
