package dev.meridian.outcomes.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Summing the units' counters per table key: the array sums, from the counter maps or from the cells' dense arrays,
 * give what adding the counters one by one gives.
 */
class SummaryMergeTest {

    @Test
    void arraySumsPerKeyEqualTheCountersAddedOneByOne() {
        Random random = new Random(1202);
        List<String> names = List.of("coursesOpened", "responders", "painChangeSum", "histograms.sessionsToRelief.1",
                "histograms.sessionsToRelief.7", "histograms.retentionMinutes.25", "coursesWithHomework");
        List<Unit> units = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            Map<Dimension, String> keys = new EnumMap<>(Dimension.class);
            keys.put(Dimension.LOCATION, "loc-" + random.nextInt(4));
            keys.put(Dimension.PRACTITIONER, "pr-" + random.nextInt(9));
            keys.put(Dimension.MONTH, "2026-" + (1 + random.nextInt(12)));
            keys.put(Dimension.CHRONICITY, List.of("ACUTE", "SUBACUTE", "CHRONIC").get(random.nextInt(3)));
            Map<String, Long> counters = new HashMap<>();
            // Each unit has some of the counters, in its own order; pain change sums go negative, some are 0.
            for (String name : names) {
                if (random.nextInt(3) > 0) {
                    counters.put(name, (long) random.nextInt(7) - (name.equals("painChangeSum") ? 5 : 0));
                }
            }
            units.add(new Unit(keys, counters));
        }
        for (List<Dimension> dims : List.of(List.of(Dimension.CHRONICITY),
                List.of(Dimension.LOCATION, Dimension.CHRONICITY), List.of(Dimension.MONTH, Dimension.PRACTITIONER),
                List.<Dimension>of())) {
            Map<List<String>, Map<String, Long>> expected = new HashMap<>();
            for (Unit unit : units) {
                List<String> key = dims.stream().map(d -> unit.keys().get(d)).toList();
                Map<String, Long> sums = expected.computeIfAbsent(key, k -> new HashMap<>());
                unit.counters().forEach((name, value) -> sums.merge(name, value, Long::sum));
            }
            expected.values().forEach(sums -> sums.values().removeIf(sum -> sum == 0));

            Map<List<String>, Map<String, Long>> merged = asMaps(OutcomeSummaries.sum(units, dims));
            Map<List<String>, Map<String, Long>> mergedDense = asMaps(OutcomeSummaries.sum(Unit.densified(units), dims));

            assertThat(merged).as("grouped by %s", dims).isEqualTo(expected);
            assertThat(mergedDense).as("dense, grouped by %s", dims).isEqualTo(expected);
        }
    }

    /** The sums per key as counter maps, sums of 0 left out (every reader takes a missing counter as 0). */
    private static Map<List<String>, Map<String, Long>> asMaps(OutcomeSummaries.Summed summed) {
        Map<List<String>, Map<String, Long>> maps = new HashMap<>();
        for (int row = 0; row < summed.keys.size(); row++) {
            Map<String, Long> counters = new HashMap<>();
            for (int i = 0; i < summed.names.size(); i++) {
                if (summed.sums[row][i] != 0) {
                    counters.put(summed.names.get(i), summed.sums[row][i]);
                }
            }
            maps.put(summed.keys.get(row), counters);
        }
        return maps;
    }
}
