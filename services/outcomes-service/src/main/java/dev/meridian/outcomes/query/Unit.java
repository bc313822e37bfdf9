package dev.meridian.outcomes.query;

import java.util.Map;

/**
 * The smallest piece a summary is merged from: a dashboard cell, or (for groupings cells cannot answer) one course.
 * {@code counters} are flat ({@code histograms.sessionsToRelief.3}) and named as in {@code dashboard_cells}.
 */
public record Unit(Map<Dimension, String> keys, Map<String, Long> counters) {
}
