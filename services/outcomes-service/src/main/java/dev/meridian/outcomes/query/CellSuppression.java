package dev.meridian.outcomes.query;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Small-cell suppression of one count over a table (the CMS cell-size rule, threshold configurable):
 * <ol>
 *   <li><b>primary</b>: a cell whose count, or any of its complements (e.g. measured minus responders), is from 1 to
 *       threshold - 1 is hidden; so is every cell the caller forces (its parent count is hidden);</li>
 *   <li><b>complementary</b>: along every line of the table (all coordinates fixed but one; the line's sum is what
 *       a coarser query shows), the hidden cells must not be recoverable by subtracting the visible ones from that
 *       sum: a line with exactly one hidden cell, or whose hidden cells add up (in the count or a complement) to
 *       1 .. threshold - 1, gets its smallest non-zero visible cell hidden too, until no line needs more.</li>
 * </ol>
 * A line whose every other cell is hidden or zero needs nothing more: its sum then equals the hidden mass, which is
 * itself below the threshold and hidden wherever it is shown. Deterministic: cells are taken in the given order.
 */
final class CellSuppression {

    private CellSuppression() {
    }

    /**
     * @param keys      one coordinate list per cell, all of one length (the table's dimensions)
     * @param counts    per value kind (the count first, then its complements), one value per cell
     * @param forced    cells hidden whatever their values
     * @param threshold the smallest count that may be shown (11: no count from 1 to 10)
     * @return the hidden cells
     */
    static BitSet suppress(List<List<String>> keys, List<long[]> counts, BitSet forced, int threshold) {
        int n = keys.size();
        BitSet hidden = (BitSet) forced.clone();
        for (int i = 0; i < n; i++) {
            for (long[] values : counts) {
                if (small(values[i], threshold)) {
                    hidden.set(i);
                }
            }
        }
        List<int[]> lines = lines(keys);
        List<List<int[]>> linesOf = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            linesOf.add(new ArrayList<>());
        }
        lines.forEach(line -> {
            for (int i : line) {
                linesOf.get(i).add(line);
            }
        });
        boolean changed = true;
        while (changed) {
            changed = false;
            for (int[] line : lines) {
                int pick = cellToHide(line, hidden, counts, threshold, linesOf);
                if (pick >= 0) {
                    hidden.set(pick);
                    changed = true;
                }
            }
        }
        return hidden;
    }

    /** The next cell a line must hide, or -1 when its hidden cells are safe (or nothing more can help). */
    private static int cellToHide(int[] line, BitSet hidden, List<long[]> counts, int threshold,
                                  List<List<int[]>> linesOf) {
        int hiddenCells = 0;
        for (int i : line) {
            if (hidden.get(i)) {
                hiddenCells++;
            }
        }
        if (hiddenCells == 0 || hiddenCells == line.length) {
            return -1;
        }
        long[] short_ = null;
        for (long[] values : counts) {
            long mass = 0;
            for (int i : line) {
                if (hidden.get(i)) {
                    mass += values[i];
                }
            }
            if (small(mass, threshold)) {
                short_ = values;
                break;
            }
        }
        if (short_ == null && hiddenCells > 1) {
            return -1;
        }
        // Prefer the smallest non-zero visible cell of the count that is short (or of any count for a lone cell).
        List<long[]> preference = new ArrayList<>();
        if (short_ != null) {
            preference.add(short_);
        }
        preference.addAll(counts);
        for (long[] values : preference) {
            int best = -1;
            int bestScore = -1;
            for (int i : line) {
                if (hidden.get(i) || values[i] <= 0) {
                    continue;
                }
                // Prefer a cell whose other lines already hide something: it closes a rectangle of hidden cells
                // instead of starting a new chain of complements. Then the smallest.
                int score = crossingLinesWithHidden(i, line, hidden, linesOf);
                if (best < 0 || score > bestScore || (score == bestScore && values[i] < values[best])) {
                    best = i;
                    bestScore = score;
                }
            }
            if (best >= 0) {
                return best;
            }
        }
        if (hiddenCells == 1) {
            // Only zeroes left: hiding one still stops the lone hidden cell being read off as the line's sum.
            for (int i : line) {
                if (!hidden.get(i)) {
                    return i;
                }
            }
        }
        return -1;
    }

    private static int crossingLinesWithHidden(int cell, int[] current, BitSet hidden, List<List<int[]>> linesOf) {
        int score = 0;
        for (int[] other : linesOf.get(cell)) {
            if (other == current) {
                continue;
            }
            for (int j : other) {
                if (j != cell && hidden.get(j)) {
                    score++;
                    break;
                }
            }
        }
        return score;
    }

    static boolean small(long count, int threshold) {
        return count > 0 && count < threshold;
    }

    /** Every line of the table: for each dimension, the cells that agree on all the other coordinates. */
    private static List<int[]> lines(List<List<String>> keys) {
        List<int[]> lines = new ArrayList<>();
        if (keys.isEmpty()) {
            return lines;
        }
        int dims = keys.get(0).size();
        for (int d = 0; d < dims; d++) {
            Map<List<String>, List<Integer>> byRest = new LinkedHashMap<>();
            for (int i = 0; i < keys.size(); i++) {
                List<String> rest = new ArrayList<>(keys.get(i));
                rest.remove(d);
                byRest.computeIfAbsent(rest, r -> new ArrayList<>()).add(i);
            }
            byRest.values().forEach(cells -> lines.add(cells.stream().mapToInt(Integer::intValue).toArray()));
        }
        return lines;
    }
}
