package dev.meridian.outcomes.query;

/** One entry of a 400 problem's {@code errors} list. */
public record FieldProblem(String field, String message) {
}
