package dev.meridian.outcomes.query;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The smallest piece a summary is merged from: a dashboard cell, or (for groupings cells cannot answer) one course.
 * {@code counters} are flat ({@code histograms.sessionsToRelief.3}) and named as in {@code dashboard_cells}.
 * {@code dense}, when present, holds the same counters as an array over names shared by many units.
 */
public record Unit(Map<Dimension, String> keys, Map<String, Long> counters, Dense dense) {

    public Unit(Map<Dimension, String> keys, Map<String, Long> counters) {
        this(keys, counters, null);
    }

    /** Counters by position in {@code names}, a list shared (the same instance) by the units merged together. */
    public record Dense(List<String> names, long[] values) {
    }

    /**
     * The units with their counters also as arrays over one shared list of names: a summary then adds arrays
     * instead of looking every counter of every cell up by name (the cells are kept in memory between queries,
     * so this is done once per change of the cells).
     */
    static List<Unit> densified(List<Unit> units) {
        Map<String, Integer> index = new HashMap<>();
        List<String> names = new ArrayList<>();
        for (Unit unit : units) {
            for (String name : unit.counters().keySet()) {
                if (index.putIfAbsent(name, names.size()) == null) {
                    names.add(name);
                }
            }
        }
        List<String> shared = List.copyOf(names);
        List<Unit> dense = new ArrayList<>(units.size());
        for (Unit unit : units) {
            long[] values = new long[shared.size()];
            unit.counters().forEach((name, value) -> values[index.get(name)] = value);
            dense.add(new Unit(unit.keys(), unit.counters(), new Dense(shared, values)));
        }
        return dense;
    }
}
