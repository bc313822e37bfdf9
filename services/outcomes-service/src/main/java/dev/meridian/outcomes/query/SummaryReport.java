package dev.meridian.outcomes.query;

import java.util.List;
import java.util.Map;

/**
 * The answer to a summary query: what was asked, the period answered, where it was read from, the suppression
 * threshold in force, and the groups (flat maps, in {@link #columns} order; hidden figures are null).
 */
public record SummaryReport(Map<String, Object> filters, Period period, List<String> groupBy, String source,
                            int suppressionThreshold, List<String> columns, List<Map<String, Object>> groups) {
}
