package dev.meridian.outcomes.query;

import dev.meridian.events.Chronicity;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads the analyst endpoints' query parameters and refuses, with every problem named by its field, anything it does
 * not understand: a misspelt filter silently ignored would give an analyst the wrong population.
 */
public final class AnalystQueryParser {

    public static final int DEFAULT_PAGE_SIZE = 100;
    public static final int MAX_PAGE_SIZE = 5000;

    private static final Pattern NETWORK_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Set<String> FILTERS = Set.of("chronicity", "locationId", "practitionerId", "from", "to",
            "format");
    private static final Set<String> SUMMARY_PARAMETERS = union(FILTERS, Set.of("groupBy"));
    private static final Set<String> COURSES_PARAMETERS = union(FILTERS, Set.of("page", "size"));

    private AnalystQueryParser() {
    }

    public static SummaryQuery summary(Map<String, String[]> parameters, String accept) {
        List<FieldProblem> problems = new ArrayList<>();
        unknownParameters(parameters, SUMMARY_PARAMETERS, problems);
        AnalystFilter filter = filter(parameters, Period.Granularity.MONTH, problems);
        List<Dimension> groupBy = groupBy(single(parameters, "groupBy", problems), problems);
        OutputFormat format = format(parameters, accept, problems);
        if (!problems.isEmpty()) {
            throw new InvalidAnalystQuery(problems);
        }
        return new SummaryQuery(filter, groupBy, format);
    }

    public static CoursesQuery courses(Map<String, String[]> parameters, String accept) {
        List<FieldProblem> problems = new ArrayList<>();
        unknownParameters(parameters, COURSES_PARAMETERS, problems);
        AnalystFilter filter = filter(parameters, Period.Granularity.YEAR, problems);
        int page = integer(parameters, "page", 0, 0, Integer.MAX_VALUE / MAX_PAGE_SIZE, problems);
        int size = integer(parameters, "size", DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE, problems);
        OutputFormat format = format(parameters, accept, problems);
        if (!problems.isEmpty()) {
            throw new InvalidAnalystQuery(problems);
        }
        return new CoursesQuery(filter, page, size, format);
    }

    private static AnalystFilter filter(Map<String, String[]> parameters, Period.Granularity granularity,
                                        List<FieldProblem> problems) {
        Chronicity chronicity = null;
        String chronicityText = single(parameters, "chronicity", problems);
        if (chronicityText != null) {
            try {
                chronicity = Chronicity.valueOf(chronicityText);
            } catch (IllegalArgumentException e) {
                problems.add(new FieldProblem("chronicity", "must be one of " + Arrays.toString(Chronicity.values())));
            }
        }
        String locationId = networkId(parameters, "locationId", problems);
        String practitionerId = networkId(parameters, "practitionerId", problems);
        LocalDate from = date(parameters, "from", problems);
        LocalDate to = date(parameters, "to", problems);
        if (from != null && to != null && from.isAfter(to)) {
            problems.add(new FieldProblem("from", "must not be after to (" + to + ")"));
        }
        return new AnalystFilter(chronicity, locationId, practitionerId, Period.of(from, to, granularity));
    }

    private static List<Dimension> groupBy(String text, List<FieldProblem> problems) {
        List<Dimension> dimensions = new ArrayList<>();
        if (text == null || text.isBlank()) {
            return dimensions;
        }
        for (String part : text.split(",", -1)) {
            String name = part.trim();
            Dimension dimension = Dimension.fromParameter(name).orElse(null);
            if (dimension == null) {
                problems.add(new FieldProblem("groupBy", "unknown grouping '" + name + "'; use "
                        + Arrays.stream(Dimension.values()).map(Dimension::parameterValue)
                        .collect(Collectors.joining(", ")) + ", comma-separated"));
            } else if (dimensions.contains(dimension)) {
                problems.add(new FieldProblem("groupBy", "'" + name + "' is listed twice"));
            } else {
                dimensions.add(dimension);
            }
        }
        return dimensions;
    }

    private static OutputFormat format(Map<String, String[]> parameters, String accept, List<FieldProblem> problems) {
        String text = single(parameters, "format", problems);
        if (text != null) {
            return switch (text) {
                case "json" -> OutputFormat.JSON;
                case "csv" -> OutputFormat.CSV;
                default -> {
                    problems.add(new FieldProblem("format", "must be json or csv"));
                    yield OutputFormat.JSON;
                }
            };
        }
        return prefersCsv(accept) ? OutputFormat.CSV : OutputFormat.JSON;
    }

    /** CSV when the Accept header names text/csv and does not rank a JSON type above it. */
    static boolean prefersCsv(String accept) {
        if (accept == null || !accept.toLowerCase().contains("text/csv")) {
            return false;
        }
        double csv = 0;
        double json = 0;
        for (String range : accept.toLowerCase().split(",")) {
            String[] parts = range.trim().split(";");
            double q = 1;
            for (int i = 1; i < parts.length; i++) {
                String p = parts[i].trim();
                if (p.startsWith("q=")) {
                    try {
                        q = Double.parseDouble(p.substring(2));
                    } catch (NumberFormatException ignored) {
                        q = 0;
                    }
                }
            }
            if (parts[0].equals("text/csv")) {
                csv = Math.max(csv, q);
            } else if (parts[0].endsWith("json")) {
                json = Math.max(json, q);
            }
        }
        return csv > 0 && csv >= json;
    }

    private static String networkId(Map<String, String[]> parameters, String name, List<FieldProblem> problems) {
        String value = single(parameters, name, problems);
        if (value != null && !NETWORK_ID.matcher(value).matches()) {
            problems.add(new FieldProblem(name, "must be 1 to 64 letters, digits, '-' or '_'"));
            return null;
        }
        return value;
    }

    private static LocalDate date(Map<String, String[]> parameters, String name, List<FieldProblem> problems) {
        String value = single(parameters, name, problems);
        if (value == null) {
            return null;
        }
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            problems.add(new FieldProblem(name, "must be an ISO date, e.g. 2026-11-23"));
            return null;
        }
    }

    private static int integer(Map<String, String[]> parameters, String name, int fallback, int min, int max,
                               List<FieldProblem> problems) {
        String value = single(parameters, name, problems);
        if (value == null) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value);
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        problems.add(new FieldProblem(name, "must be a whole number from " + min + " to " + max));
        return fallback;
    }

    /** The parameter's one value; null when absent or empty. Given twice is a problem. */
    private static String single(Map<String, String[]> parameters, String name, List<FieldProblem> problems) {
        String[] values = parameters.get(name);
        if (values == null || values.length == 0) {
            return null;
        }
        if (values.length > 1) {
            problems.add(new FieldProblem(name, "must be given at most once"));
        }
        String value = values[0].trim();
        return value.isEmpty() ? null : value;
    }

    private static void unknownParameters(Map<String, String[]> parameters, Set<String> known,
                                          List<FieldProblem> problems) {
        parameters.keySet().stream().filter(name -> !known.contains(name)).sorted().forEach(name ->
                problems.add(new FieldProblem(name, "unknown parameter; known: "
                        + known.stream().sorted().collect(Collectors.joining(", ")))));
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        java.util.Set<String> all = new java.util.HashSet<>(a);
        all.addAll(b);
        return Set.copyOf(all);
    }
}
