package dev.meridian.outcomes.query;

/** JSON by default; CSV with {@code format=csv} or an {@code Accept} header that names {@code text/csv}. */
public enum OutputFormat {
    JSON, CSV
}
