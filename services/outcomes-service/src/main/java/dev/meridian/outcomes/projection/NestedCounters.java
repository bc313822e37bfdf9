package dev.meridian.outcomes.projection;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Counters as dotted paths ({@code histograms.painChange.3}) for {@code $inc}, and as nested maps for storage
 * (MongoDB field names must not contain dots).
 */
public final class NestedCounters {

    private NestedCounters() {
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> nest(Map<String, Long> flat) {
        Map<String, Object> root = new LinkedHashMap<>();
        new TreeMap<>(flat).forEach((path, value) -> {
            String[] parts = path.split("\\.");
            Map<String, Object> node = root;
            for (int i = 0; i < parts.length - 1; i++) {
                node = (Map<String, Object>) node.computeIfAbsent(parts[i], k -> new LinkedHashMap<String, Object>());
            }
            node.put(parts[parts.length - 1], value);
        });
        return root;
    }

    public static Map<String, Long> flatten(Map<String, ?> nested) {
        Map<String, Long> flat = new LinkedHashMap<>();
        flatten("", nested, flat);
        return flat;
    }

    private static void flatten(String prefix, Map<String, ?> node, Map<String, Long> out) {
        node.forEach((key, value) -> {
            String path = prefix.isEmpty() ? key : prefix + "." + key;
            if (value instanceof Map<?, ?> child) {
                @SuppressWarnings("unchecked")
                Map<String, ?> typed = (Map<String, ?>) child;
                flatten(path, typed, out);
            } else if (value instanceof Number number) {
                out.merge(path, number.longValue(), Long::sum);
            } else if (value != null) {
                throw new IllegalArgumentException("Counter " + path + " is not a number: " + value);
            }
        });
    }
}
