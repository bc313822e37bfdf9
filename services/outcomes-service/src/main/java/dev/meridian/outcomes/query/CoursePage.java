package dev.meridian.outcomes.query;

import java.util.List;
import java.util.Map;

/**
 * One page of de-identified course outcomes. {@code totalCourses} counts the listed courses only (every class shown
 * has at least the threshold's number); {@code rowsWithheld} says that some matching courses were left out because
 * their class was small; {@code suppressed} that none could be listed.
 */
public record CoursePage(Map<String, Object> filters, Period period, int suppressionThreshold, boolean suppressed,
                         boolean rowsWithheld, int page, int size, long totalCourses, long totalPages,
                         List<String> columns, List<Map<String, Object>> courses) {
}
