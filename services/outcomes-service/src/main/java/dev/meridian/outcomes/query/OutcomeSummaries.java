package dev.meridian.outcomes.query;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;

/**
 * Outcome measures per group (docs/outcome-measures.md), merged from the read models and then suppressed.
 *
 * <p>Suppression is decided on a table whose dimensions are the requested groupings plus every dimension a filter
 * pins (location, practitioner, chronicity), over the whole population of the period; the answer is that table's
 * slice at the pinned values. So "location A, chronicity CHRONIC" hides exactly what the table grouped by location
 * and chronicity hides, and subtracting it from A's total (a coarser query) recovers nothing.
 */
@Service
public class OutcomeSummaries {

    /** Sessions-to-relief distribution buckets; the last one is open. */
    static final List<String> RELIEF_BUCKETS = List.of("1", "2", "3", "4", "5", "6+");

    private static final List<String> FIGURES = List.of("suppressed", "suppressedFigures",
            "courses", "meanBaselinePain",
            "coursesMeasured", "responders", "responderRate", "substantialRelief", "substantialReliefRate",
            "meanPainChange",
            "coursesWithRelief", "medianSessionsToRelief",
            "sessionsToRelief1", "sessionsToRelief2", "sessionsToRelief3", "sessionsToRelief4", "sessionsToRelief5",
            "sessionsToRelief6OrMore",
            "coursesClosed", "oneSessionResolutions", "oneSessionResolutionRate",
            "coursesWithEmotionalResponse", "emotionalResponseRate", "emotionalResponseRateAtPainOnset",
            "emotionalResponseRateDuringRelease", "emotionalResponseRateAfterTreatment",
            "coursesWithHomework", "homeworkRate",
            "sessionsStarted", "sessionsWithEmotionalResponse", "sessionEmotionalResponseRate",
            "sessionsWithRetention", "medianRetentionMinutes");

    private final AnalystReadModels readModels;
    private final int threshold;

    public OutcomeSummaries(AnalystReadModels readModels,
                            @Value("${meridian.outcomes.suppression.threshold:${OUTCOMES_SUPPRESSION_THRESHOLD:11}}")
                            int threshold) {
        if (threshold < 1) {
            throw new IllegalArgumentException("meridian.outcomes.suppression.threshold must be at least 1");
        }
        this.readModels = readModels;
        this.threshold = threshold;
    }

    public int threshold() {
        return threshold;
    }

    public SummaryReport summarize(SummaryQuery query) {
        AnalystFilter filter = query.filter();
        boolean fromCourses = query.groupBy().contains(Dimension.RETENTION);
        List<Unit> units = fromCourses ? readModels.courses(filter.period()) : readModels.cells(filter.period());
        return summarize(query, units, fromCourses ? "course_outcomes" : "dashboard_cells");
    }

    /** The summary of the given units (cells or courses of the period). */
    SummaryReport summarize(SummaryQuery query, List<Unit> units, String source) {
        Map<Dimension, String> pinned = query.filter().pinned();
        LinkedHashSet<Dimension> tableDimensions = new LinkedHashSet<>(query.groupBy());
        tableDimensions.addAll(pinned.keySet());
        List<Dimension> dims = List.copyOf(tableDimensions);

        Summed table = sum(units, dims).withCourses();
        List<List<String>> keys = table.keys;
        CellSuppression.Lines lines = new CellSuppression.Lines(keys);

        Map<String, BitSet> hidden = new HashMap<>();
        for (Measure measure : Measure.ALL) {
            long[] values = table.column(measure.counter());
            List<long[]> counts = new ArrayList<>();
            counts.add(values);
            BitSet forced = new BitSet();
            if (measure.parent() != null) {
                forced = hidden.get(measure.parent());
                if (measure.complement()) {
                    long[] parent = table.column(counterOf(measure.parent()));
                    long[] complement = new long[values.length];
                    for (int i = 0; i < values.length; i++) {
                        complement[i] = parent[i] - values[i];
                    }
                    counts.add(complement);
                }
            }
            hidden.put(measure.name(), CellSuppression.suppress(lines, counts, forced, threshold));
        }
        BitSet[] bucketsHidden = suppressReliefBuckets(table, lines, hidden.get("coursesWithRelief"));

        List<Map<String, Object>> groups = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            if (!matches(dims, keys.get(i), pinned)) {
                continue;
            }
            Map<String, Object> group = new LinkedHashMap<>();
            for (Dimension d : query.groupBy()) {
                group.put(d.column(), keys.get(i).get(dims.indexOf(d)));
            }
            group.putAll(figures(table, i, hidden, bucketsHidden));
            groups.add(group);
        }
        List<String> columns = new ArrayList<>(query.groupBy().stream().map(Dimension::column).toList());
        columns.addAll(FIGURES);
        return new SummaryReport(query.filter().describe(), query.filter().period(),
                query.groupBy().stream().map(Dimension::parameterValue).toList(), source, threshold, columns, groups);
    }

    /**
     * The units' counters summed per table key, in arrays indexed by counter name: merging boxed values into a map
     * per unit counter was most of a summary's time (a profile at 300,000 sessions: a quarter of the request
     * threads' samples), and so were the look-ups by name that turning the sums back into maps brought (half of a
     * summary of a 333-cell table). Units that carry dense counters over one shared list of names (the cell
     * snapshot) are added as arrays without looking names up.
     */
    static Summed sum(List<Unit> units, List<Dimension> dims) {
        List<String> shared = sharedNames(units);
        if (shared != null) {
            Map<List<String>, long[]> sums = new HashMap<>();
            for (Unit unit : units) {
                long[] sum = sums.computeIfAbsent(groupKey(unit, dims), key -> new long[shared.size()]);
                long[] values = unit.dense().values();
                for (int i = 0; i < values.length; i++) {
                    sum[i] += values[i];
                }
            }
            return new Summed(sums, shared);
        }
        Map<String, Integer> counterIndex = new HashMap<>();
        List<String> counterNames = new ArrayList<>();
        Map<List<String>, long[]> sums = new HashMap<>();
        for (Unit unit : units) {
            List<String> groupKey = groupKey(unit, dims);
            long[] sum = sums.get(groupKey);
            for (Map.Entry<String, Long> counter : unit.counters().entrySet()) {
                Integer index = counterIndex.get(counter.getKey());
                if (index == null) {
                    index = counterNames.size();
                    counterIndex.put(counter.getKey(), index);
                    counterNames.add(counter.getKey());
                }
                if (sum == null || index >= sum.length) {
                    sum = sum == null ? new long[Math.max(64, index + 1)]
                            : Arrays.copyOf(sum, Math.max(2 * sum.length, index + 1));
                    sums.put(groupKey, sum);
                }
                sum[index] += counter.getValue();
            }
            if (sum == null) {
                sums.put(groupKey, new long[0]); // a unit without counters still makes its key a row
            }
        }
        return new Summed(sums, counterNames);
    }

    /** One row of counter sums per table key, in key order, over one list of counter names. */
    static final class Summed {
        final List<List<String>> keys;
        final List<String> names;
        /** Per row, one sum per name. */
        final long[][] sums;
        private final Map<String, Integer> index = new HashMap<>();
        private final Map<String, long[][]> histogramBuckets = new HashMap<>();

        private Summed(List<List<String>> keys, List<String> names, long[][] sums) {
            this.keys = keys;
            this.names = List.copyOf(names);
            this.sums = sums;
            for (int i = 0; i < this.names.size(); i++) {
                index.put(this.names.get(i), i);
            }
        }

        Summed(Map<List<String>, long[]> sums, List<String> names) {
            this(sortedKeys(sums), names, new long[sums.size()][]);
            for (int row = 0; row < keys.size(); row++) {
                this.sums[row] = Arrays.copyOf(sums.get(keys.get(row)), names.size());
            }
        }

        private static List<List<String>> sortedKeys(Map<List<String>, long[]> sums) {
            List<List<String>> keys = new ArrayList<>(sums.keySet());
            keys.sort(KEY_ORDER);
            return List.copyOf(keys);
        }

        /** The rows with at least one course opened: the groups a summary shows. */
        Summed withCourses() {
            List<List<String>> kept = new ArrayList<>();
            List<long[]> keptSums = new ArrayList<>();
            for (int row = 0; row < keys.size(); row++) {
                if (get(row, "coursesOpened") != 0) {
                    kept.add(keys.get(row));
                    keptSums.add(sums[row]);
                }
            }
            return new Summed(List.copyOf(kept), names, keptSums.toArray(long[][]::new));
        }

        long get(int row, String counter) {
            Integer i = index.get(counter);
            return i == null ? 0 : sums[row][i];
        }

        /** The counter's sum in every row. */
        long[] column(String counter) {
            long[] column = new long[keys.size()];
            Integer i = index.get(counter);
            if (i != null) {
                for (int row = 0; row < column.length; row++) {
                    column[row] = sums[row][i];
                }
            }
            return column;
        }

        /** A row's histogram of the counters named {@code prefix + number} (missing buckets are 0). */
        NavigableMap<Long, Long> histogram(int row, String prefix) {
            NavigableMap<Long, Long> histogram = new TreeMap<>();
            for (long[] bucket : histogramBuckets.computeIfAbsent(prefix, this::bucketsNamed)) {
                long count = sums[row][(int) bucket[1]];
                if (count > 0) {
                    histogram.merge(bucket[0], count, Long::sum);
                }
            }
            return histogram;
        }

        /** (bucket number, counter index) of every counter whose name is the prefix and a number. */
        private long[][] bucketsNamed(String prefix) {
            List<long[]> buckets = new ArrayList<>();
            for (int i = 0; i < names.size(); i++) {
                if (names.get(i).startsWith(prefix)) {
                    buckets.add(new long[] {Long.parseLong(names.get(i).substring(prefix.length())), i});
                }
            }
            return buckets.toArray(long[][]::new);
        }
    }

    /** The names all units' dense counters share, or null when they do not all have the same ones. */
    private static List<String> sharedNames(List<Unit> units) {
        if (units.isEmpty() || units.get(0).dense() == null) {
            return null;
        }
        List<String> names = units.get(0).dense().names();
        for (Unit unit : units) {
            if (unit.dense() == null || unit.dense().names() != names) {
                return null;
            }
        }
        return names;
    }

    private static List<String> groupKey(Unit unit, List<Dimension> dims) {
        String[] key = new String[dims.size()];
        for (int d = 0; d < key.length; d++) {
            key[d] = unit.keys().get(dims.get(d));
        }
        return Arrays.asList(key);
    }

    /**
     * The distribution's buckets are a table of their own: the group's dimensions plus the bucket, whose lines
     * along the bucket add up to the group's courses with relief (shown beside them).
     */
    private BitSet[] suppressReliefBuckets(Summed table, CellSuppression.Lines lines, BitSet reliefHidden) {
        int rows = table.keys.size();
        int width = RELIEF_BUCKETS.size();
        long[] values = new long[rows * width];
        BitSet forced = new BitSet();
        for (int i = 0; i < rows; i++) {
            System.arraycopy(reliefBuckets(table, i), 0, values, i * width, width);
            if (reliefHidden.get(i)) {
                forced.set(i * width, (i + 1) * width);
            }
        }
        BitSet hiddenBuckets = CellSuppression.suppress(lines.extendedBy(width), List.of(values), forced, threshold);
        BitSet[] perCell = new BitSet[rows];
        for (int i = 0; i < rows; i++) {
            perCell[i] = hiddenBuckets.get(i * width, (i + 1) * width);
        }
        return perCell;
    }

    private Map<String, Object> figures(Summed c, int i, Map<String, BitSet> hidden, BitSet[] bucketsHidden) {
        Figures f = new Figures(c, i, hidden);
        boolean suppressed = hidden.get(Measure.COURSES).get(i);
        f.put("suppressed", suppressed);
        f.put("suppressedFigures", null);
        f.count("courses", "courses");
        f.value("meanBaselinePain", "courses", ratio(c, i, "baselinePainSum", "coursesOpened", 2));
        f.count("coursesMeasured", "coursesMeasured");
        f.count("responders", "responders");
        f.value("responderRate", "responders", ratio(c, i, "responders", "coursesMeasured", 3));
        f.count("substantialRelief", "substantialRelief");
        f.value("substantialReliefRate", "substantialRelief", ratio(c, i, "substantialRelief", "coursesMeasured", 3));
        f.value("meanPainChange", "coursesMeasured", ratio(c, i, "painChangeSum", "coursesMeasured", 2));
        f.count("coursesWithRelief", "coursesWithRelief");
        f.value("medianSessionsToRelief", "coursesWithRelief", median(c.histogram(i, "histograms.sessionsToRelief.")));
        long[] buckets = reliefBuckets(c, i);
        for (int b = 0; b < buckets.length; b++) {
            String name = b == buckets.length - 1 ? "sessionsToRelief6OrMore" : "sessionsToRelief" + (b + 1);
            f.put(name, bucketsHidden[i].get(b) ? f.hide(name) : (Object) buckets[b]);
        }
        f.count("coursesClosed", "coursesClosed");
        f.count("oneSessionResolutions", "oneSessionResolutions");
        f.value("oneSessionResolutionRate", "oneSessionResolutions",
                ratio(c, i, "oneSessionResolutions", "coursesClosed", 3));
        f.count("coursesWithEmotionalResponse", "coursesWithEmotionalResponse");
        f.value("emotionalResponseRate", "coursesWithEmotionalResponse",
                ratio(c, i, "coursesWithEmotionalResponse", "coursesOpened", 3));
        f.value("emotionalResponseRateAtPainOnset", "coursesWithEmotionalResponseAtPainOnset",
                ratio(c, i, "coursesWithEmotionalResponseByPhase.AT_PAIN_ONSET", "coursesOpened", 3));
        f.value("emotionalResponseRateDuringRelease", "coursesWithEmotionalResponseDuringRelease",
                ratio(c, i, "coursesWithEmotionalResponseByPhase.DURING_RELEASE", "coursesOpened", 3));
        f.value("emotionalResponseRateAfterTreatment", "coursesWithEmotionalResponseAfterTreatment",
                ratio(c, i, "coursesWithEmotionalResponseByPhase.AFTER_TREATMENT", "coursesOpened", 3));
        f.count("coursesWithHomework", "coursesWithHomework");
        f.value("homeworkRate", "coursesWithHomework", ratio(c, i, "coursesWithHomework", "coursesOpened", 3));
        f.count("sessionsStarted", "sessionsStarted");
        f.count("sessionsWithEmotionalResponse", "sessionsWithEmotionalResponse");
        f.value("sessionEmotionalResponseRate", "sessionsWithEmotionalResponse",
                ratio(c, i, "sessionsWithEmotionalResponse", "sessionsStarted", 3));
        f.count("sessionsWithRetention", "sessionsWithRetention");
        f.value("medianRetentionMinutes", "sessionsWithRetention", median(c.histogram(i, "histograms.retentionMinutes.")));
        Map<String, Object> out = f.out;
        // A wholly suppressed group lists nothing: the flag says it all.
        out.put("suppressedFigures", suppressed ? List.of() : List.copyOf(f.hiddenNames));
        return out;
    }

    /** Collects a group's figures, nulling those whose count is hidden and noting their names. */
    private static final class Figures {
        final Map<String, Object> out = new LinkedHashMap<>();
        final List<String> hiddenNames = new ArrayList<>();
        final Summed counters;
        final int index;
        final Map<String, BitSet> hidden;

        Figures(Summed counters, int index, Map<String, BitSet> hidden) {
            this.counters = counters;
            this.index = index;
            this.hidden = hidden;
        }

        void put(String name, Object value) {
            out.put(name, value);
        }

        Object hide(String name) {
            if (!hidden.get(Measure.COURSES).get(index)) {
                hiddenNames.add(name);
            }
            return null;
        }

        void count(String name, String measure) {
            value(name, measure, counters.get(index, counterOf(measure)));
        }

        void value(String name, String measure, Object value) {
            out.put(name, hidden.get(measure).get(index) ? hide(name) : value);
        }
    }

    private static final Map<String, String> COUNTER_OF = new HashMap<>();

    static {
        Measure.ALL.forEach(m -> COUNTER_OF.put(m.name(), m.counter()));
    }

    static String counterOf(String measure) {
        String counter = COUNTER_OF.get(measure);
        if (counter == null) {
            throw new IllegalArgumentException("no measure " + measure);
        }
        return counter;
    }

    static long[] reliefBuckets(Summed table, int row) {
        long[] buckets = new long[RELIEF_BUCKETS.size()];
        table.histogram(row, "histograms.sessionsToRelief.").forEach((n, count) ->
                buckets[(int) Math.min(n, RELIEF_BUCKETS.size()) - 1] += count);
        return buckets;
    }

    /** The median of a histogram; of an even count, the mean of the two middle values. Null when empty. */
    static Double median(NavigableMap<Long, Long> histogram) {
        long total = histogram.values().stream().mapToLong(Long::longValue).sum();
        if (total == 0) {
            return null;
        }
        long lower = valueAt(histogram, (total - 1) / 2);
        long upper = valueAt(histogram, total / 2);
        return (lower + upper) / 2.0;
    }

    private static long valueAt(NavigableMap<Long, Long> histogram, long position) {
        long seen = 0;
        for (Map.Entry<Long, Long> bucket : histogram.entrySet()) {
            seen += bucket.getValue();
            if (position < seen) {
                return bucket.getKey();
            }
        }
        throw new IllegalStateException("position beyond the histogram");
    }

    private static Double ratio(Summed c, int row, String numerator, String denominator, int scale) {
        long d = c.get(row, denominator);
        if (d == 0) {
            return null;
        }
        return BigDecimal.valueOf(c.get(row, numerator)).divide(BigDecimal.valueOf(d), scale,
                RoundingMode.HALF_UP).doubleValue();
    }

    private static boolean matches(List<Dimension> dims, List<String> key, Map<Dimension, String> pinned) {
        for (Map.Entry<Dimension, String> pin : pinned.entrySet()) {
            if (!pin.getValue().equals(key.get(dims.indexOf(pin.getKey())))) {
                return false;
            }
        }
        return true;
    }

    private static final Comparator<List<String>> KEY_ORDER = (a, b) -> {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            int c = String.valueOf(a.get(i)).compareTo(String.valueOf(b.get(i)));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    };
}
