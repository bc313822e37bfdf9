package dev.meridian.outcomes.query;

import java.util.Arrays;
import java.util.Optional;

/**
 * What a summary can be grouped by ({@code groupBy}), and the column each grouping adds to a group. The first four
 * are API.md's and coordinates of a dashboard cell; {@code retention} (the course's mean retention minutes per session
 * with retained needles, in bands) is ours, for the pain-change-by-retention chart, and is answered from
 * {@code course_outcomes} because cells do not carry it.
 */
public enum Dimension {
    LOCATION("location", "locationId"),
    PRACTITIONER("practitioner", "practitionerId"),
    MONTH("month", "month"),
    CHRONICITY("chronicity", "chronicity"),
    RETENTION("retention", "retentionBand");

    private final String parameterValue;
    private final String column;

    Dimension(String parameterValue, String column) {
        this.parameterValue = parameterValue;
        this.column = column;
    }

    /** The name used in {@code groupBy}. */
    public String parameterValue() {
        return parameterValue;
    }

    /** The field a group carries for it (JSON and CSV). */
    public String column() {
        return column;
    }

    public static Optional<Dimension> fromParameter(String value) {
        return Arrays.stream(values()).filter(d -> d.parameterValue.equals(value)).findFirst();
    }
}
