package dev.meridian.outcomes.query;

import dev.meridian.events.ClinicEvent;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code GET /api/outcomes/summary?...} would answer if the read models were what the given events project
 * to: the projection's pure functions ({@link ReadModelFixtures#project}), the API's query parser and
 * {@link OutcomeSummaries} with its suppression, without a database or a server. Public for other modules' tests
 * (local-stack checks what its demo data shows).
 */
public final class ProjectedSummaries {

    private ProjectedSummaries() {
    }

    /**
     * The summary's groups, as the JSON answer carries them.
     *
     * @param events      the event history, in order
     * @param queryString the summary's query string, e.g. {@code groupBy=location&chronicity=CHRONIC}
     * @param threshold   the suppression threshold (the service's default is 11)
     */
    public static List<Map<String, Object>> groups(List<ClinicEvent> events, String queryString, int threshold) {
        SummaryQuery query = AnalystQueryParser.summary(parameters(queryString), "application/json");
        ReadModelFixtures.Projected projected = ReadModelFixtures.project(events);
        boolean fromCourses = query.groupBy().contains(Dimension.RETENTION);
        if (query.filter().period().from() != null || query.filter().period().to() != null) {
            // The read models are not filtered by period here; a date filter would silently be ignored.
            throw new IllegalArgumentException("from/to are not supported here: " + queryString);
        }
        List<Unit> units = fromCourses ? projected.courseUnits() : projected.cellUnits();
        return new OutcomeSummaries(null, threshold)
                .summarize(query, units, fromCourses ? "course_outcomes" : "dashboard_cells").groups();
    }

    private static Map<String, String[]> parameters(String queryString) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        for (String pair : queryString.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            values.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
        }
        Map<String, String[]> parameters = new LinkedHashMap<>();
        values.forEach((name, list) -> parameters.put(name, list.toArray(String[]::new)));
        return parameters;
    }
}
