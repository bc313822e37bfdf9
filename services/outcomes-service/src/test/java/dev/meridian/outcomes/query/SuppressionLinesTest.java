package dev.meridian.outcomes.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The lines suppression walks (every set of cells that differ in one coordinate only), found from the keys or
 * derived for the sessions-to-relief table (a summary's table plus a bucket): the same lines in the same order,
 * since the order decides which cells complementary suppression hides.
 */
class SuppressionLinesTest {

    @Test
    void aLineHoldsTheCellsThatAgreeOnEveryOtherCoordinateInTheOrderTheyCome() {
        List<List<String>> keys = List.of(
                List.of("loc-a", "ACUTE"), List.of("loc-a", "CHRONIC"), List.of("loc-b", "ACUTE"),
                List.of("loc-c", "CHRONIC"));

        CellSuppression.Lines lines = new CellSuppression.Lines(keys);

        assertThat(lines.lines).isDeepEqualTo(new int[][] {
                {0, 2}, {1, 3}, // along the location: ACUTE, then CHRONIC
                {0, 1}, {2}, {3}}); // along the chronicity: loc-a, loc-b, loc-c
        assertThat(lines.linesOf[0]).containsExactly(0, 2);
        assertThat(lines.linesOf[3]).containsExactly(1, 4);
    }

    @Test
    void theReliefTablesLinesAreTheLinesOfItsKeys() {
        Random random = new Random(1202);
        List<String> buckets = OutcomeSummaries.RELIEF_BUCKETS;
        for (int dims = 0; dims <= 4; dims++) {
            for (int round = 0; round < 20; round++) {
                List<List<String>> keys = randomTable(random, dims);
                List<List<String>> withBucket = new ArrayList<>();
                for (List<String> key : keys) {
                    for (String bucket : buckets) {
                        List<String> longer = new ArrayList<>(key);
                        longer.add(bucket);
                        withBucket.add(longer);
                    }
                }

                CellSuppression.Lines derived = new CellSuppression.Lines(keys).extendedBy(buckets.size());
                CellSuppression.Lines found = new CellSuppression.Lines(withBucket);

                assertThat(derived.lines).as("%d dimensions, %s", dims, keys).isDeepEqualTo(found.lines);
                assertThat(derived.linesOf).isDeepEqualTo(found.linesOf);
            }
        }
    }

    /** Distinct keys of a sparse table, in a shuffled order (tables are sorted, but lines must not rely on it). */
    private static List<List<String>> randomTable(Random random, int dims) {
        List<List<String>> keys = new ArrayList<>();
        int cells = dims == 0 ? 1 : 1 + random.nextInt(40);
        for (int i = 0; i < cells; i++) {
            List<String> key = new ArrayList<>();
            for (int d = 0; d < dims; d++) {
                key.add(d + "-" + random.nextInt(4));
            }
            if (!keys.contains(key)) {
                keys.add(key);
            }
        }
        java.util.Collections.shuffle(keys, random);
        return keys;
    }
}
