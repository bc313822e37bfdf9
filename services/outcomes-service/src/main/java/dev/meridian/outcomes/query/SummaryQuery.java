package dev.meridian.outcomes.query;

import java.util.List;

/** A parsed {@code GET /api/outcomes/summary}. */
public record SummaryQuery(AnalystFilter filter, List<Dimension> groupBy, OutputFormat format) {
}
