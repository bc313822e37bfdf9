package dev.meridian.outcomes.query;

/** A parsed {@code GET /api/outcomes/courses}: filters, a zero-based page and its size. */
public record CoursesQuery(AnalystFilter filter, int page, int size, OutputFormat format) {
}
