package dev.meridian.outcomes.query;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What an analyst can work out by subtraction alone: a set of linear equations "this shown total = the sum of these
 * cells", some of whose terms are shown and some hidden. Repeatedly solves any equation with exactly one unknown
 * term, as a person with a spreadsheet would, and reports every hidden value so recovered.
 */
final class SubtractionAttack {

    private final Map<String, Long> known = new HashMap<>();
    private final List<String> sums = new ArrayList<>();
    private final List<List<String>> parts = new ArrayList<>();

    /** A value the answers show (null: hidden, so unknown). */
    void value(String name, Long shown) {
        if (shown != null) {
            known.put(name, shown);
        }
    }

    /** {@code total} is the sum of {@code cells}. */
    void equation(String total, List<String> cells) {
        sums.add(total);
        parts.add(List.copyOf(cells));
    }

    /** Every value known at the end: shown or recovered. */
    Map<String, Long> solve() {
        boolean progress = true;
        while (progress) {
            progress = false;
            for (int e = 0; e < sums.size(); e++) {
                List<String> terms = new ArrayList<>(parts.get(e));
                terms.add(sums.get(e));
                List<String> unknown = terms.stream().filter(t -> !known.containsKey(t)).toList();
                if (unknown.size() != 1) {
                    continue;
                }
                String missing = unknown.get(0);
                long partsKnown = parts.get(e).stream().filter(known::containsKey).mapToLong(known::get).sum();
                long value = missing.equals(sums.get(e)) ? partsKnown : known.get(sums.get(e)) - partsKnown;
                known.put(missing, value);
                progress = true;
            }
        }
        return known;
    }
}
