package dev.meridian.outcomes.query;

import java.time.LocalDate;
import java.time.YearMonth;
import java.time.temporal.TemporalAdjusters;

/**
 * The course opening date range of a query: what was asked ({@code requestedFrom}/{@code requestedTo}, inclusive,
 * either may be open) and what is answered ({@code from}/{@code to}), rounded outwards to whole {@link Granularity
 * months} (summaries: the dashboard cells are per month) or whole years (the course list: analysts see the opening
 * year at most). Rounding is reported in every response, never silent.
 */
public record Period(LocalDate requestedFrom, LocalDate requestedTo, LocalDate from, LocalDate to,
                     Granularity granularity, boolean rounded) {

    public enum Granularity { MONTH, YEAR }

    public static Period of(LocalDate requestedFrom, LocalDate requestedTo, Granularity granularity) {
        LocalDate from = requestedFrom == null ? null : switch (granularity) {
            case MONTH -> requestedFrom.withDayOfMonth(1);
            case YEAR -> requestedFrom.withDayOfYear(1);
        };
        LocalDate to = requestedTo == null ? null : switch (granularity) {
            case MONTH -> requestedTo.with(TemporalAdjusters.lastDayOfMonth());
            case YEAR -> requestedTo.with(TemporalAdjusters.lastDayOfYear());
        };
        boolean rounded = !java.util.Objects.equals(from, requestedFrom) || !java.util.Objects.equals(to, requestedTo);
        return new Period(requestedFrom, requestedTo, from, to, granularity, rounded);
    }

    /** First month answered, {@code YYYY-MM}, or null when open. */
    public String firstMonth() {
        return from == null ? null : YearMonth.from(from).toString();
    }

    /** Last month answered, {@code YYYY-MM}, or null when open. */
    public String lastMonth() {
        return to == null ? null : YearMonth.from(to).toString();
    }

    public boolean containsMonth(String month) {
        return (from == null || month.compareTo(firstMonth()) >= 0) && (to == null || month.compareTo(lastMonth()) <= 0);
    }
}
