package dev.meridian.outcomes.query;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
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
     * The lines of one table, found once and shared by the suppression of every count over it (a summary suppresses
     * fifteen counts over the same table; finding the lines again for each was a third of a summary's time).
     */
    static final class Lines {
        final int cells;
        final int[][] lines;
        /** Per cell, the indexes (in {@link #lines}) of the lines through it. */
        final int[][] linesOf;

        /** @param keys one coordinate list per cell, all of one length (the table's dimensions) */
        Lines(List<List<String>> keys) {
            this(keys.size(), lines(keys).toArray(int[][]::new));
        }

        private Lines(int cells, int[][] lines) {
            this.cells = cells;
            this.lines = lines;
            int[] through = new int[cells];
            for (int[] line : lines) {
                for (int i : line) {
                    through[i]++;
                }
            }
            linesOf = new int[cells][];
            for (int i = 0; i < cells; i++) {
                linesOf[i] = new int[through[i]];
                through[i] = 0;
            }
            for (int l = 0; l < lines.length; l++) {
                for (int i : lines[l]) {
                    linesOf[i][through[i]++] = l;
                }
            }
        }

        /**
         * The lines of this table with one more dimension of {@code values} values (cell i's value v is cell
         * {@code i * values + v}): what {@link #Lines(List)} finds for the longer keys, in the same order, without
         * looking at them.
         */
        Lines extendedBy(int values) {
            List<int[]> extended = new ArrayList<>();
            for (int[] line : lines) {
                for (int v = 0; v < values; v++) {
                    int[] copy = new int[line.length];
                    for (int k = 0; k < line.length; k++) {
                        copy[k] = line[k] * values + v;
                    }
                    extended.add(copy);
                }
            }
            if (cells > 0) {
                for (int i = 0; i < cells; i++) {
                    int[] line = new int[values];
                    for (int v = 0; v < values; v++) {
                        line[v] = i * values + v;
                    }
                    extended.add(line);
                }
            }
            return new Lines(cells * values, extended.toArray(int[][]::new));
        }
    }

    /**
     * @param table     the table's lines ({@link Lines#Lines(List)} from one coordinate list per cell)
     * @param counts    per value kind (the count first, then its complements), one value per cell
     * @param forced    cells hidden whatever their values
     * @param threshold the smallest count that may be shown (11: no count from 1 to 10)
     * @return the hidden cells
     */
    static BitSet suppress(Lines table, List<long[]> counts, BitSet forced, int threshold) {
        BitSet hidden = (BitSet) forced.clone();
        for (int i = 0; i < table.cells; i++) {
            for (long[] values : counts) {
                if (small(values[i], threshold)) {
                    hidden.set(i);
                }
            }
        }
        // A line that needs nothing more keeps needing nothing until one of its own cells is hidden (whether it
        // needs a cell depends only on its own cells), so passes look again only at lines that changed since.
        boolean[] settled = new boolean[table.lines.length];
        boolean changed = true;
        while (changed) {
            changed = false;
            for (int l = 0; l < table.lines.length; l++) {
                if (settled[l]) {
                    continue;
                }
                int pick = cellToHide(table.lines[l], hidden, counts, threshold, table);
                if (pick >= 0) {
                    hidden.set(pick);
                    for (int through : table.linesOf[pick]) {
                        settled[through] = false;
                    }
                    changed = true;
                } else {
                    settled[l] = true;
                }
            }
        }
        return hidden;
    }

    /** The next cell a line must hide, or -1 when its hidden cells are safe (or nothing more can help). */
    private static int cellToHide(int[] line, BitSet hidden, List<long[]> counts, int threshold, Lines table) {
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
                int score = crossingLinesWithHidden(i, line, hidden, table);
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

    private static int crossingLinesWithHidden(int cell, int[] current, BitSet hidden, Lines table) {
        int score = 0;
        for (int through : table.linesOf[cell]) {
            int[] other = table.lines[through];
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

    /**
     * Every line of the table: for each dimension, the cells that agree on all the other coordinates (lines in the
     * order their first cell comes, cells in order). The coordinates are numbered per dimension and a cell's other
     * coordinates folded into one number, pair by pair, so no list of strings is built or hashed per cell.
     */
    private static List<int[]> lines(List<List<String>> keys) {
        List<int[]> lines = new ArrayList<>();
        if (keys.isEmpty()) {
            return lines;
        }
        int cells = keys.size();
        int dims = keys.get(0).size();
        int[][] coordinates = new int[dims][cells];
        for (int d = 0; d < dims; d++) {
            Map<String, Integer> numbers = new HashMap<>();
            for (int i = 0; i < cells; i++) {
                coordinates[d][i] = numbers.computeIfAbsent(keys.get(i).get(d), value -> numbers.size());
            }
        }
        for (int d = 0; d < dims; d++) {
            // Numbered in the order of first appearance at every step, so the last numbering orders the lines.
            int[] rest = new int[cells];
            int lineCount = 1;
            for (int e = 0; e < dims; e++) {
                if (e == d) {
                    continue;
                }
                Map<Long, Integer> numbers = new HashMap<>();
                for (int i = 0; i < cells; i++) {
                    long pair = (long) rest[i] * cells + coordinates[e][i];
                    rest[i] = numbers.computeIfAbsent(pair, p -> numbers.size());
                }
                lineCount = numbers.size();
            }
            int[] sizes = new int[lineCount];
            for (int i = 0; i < cells; i++) {
                sizes[rest[i]]++;
            }
            int[][] byRest = new int[lineCount][];
            for (int l = 0; l < lineCount; l++) {
                byRest[l] = new int[sizes[l]];
                sizes[l] = 0;
            }
            for (int i = 0; i < cells; i++) {
                byRest[rest[i]][sizes[rest[i]]++] = i;
            }
            lines.addAll(Arrays.asList(byRest));
        }
        return lines;
    }
}
