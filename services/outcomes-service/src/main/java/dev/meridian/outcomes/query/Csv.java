package dev.meridian.outcomes.query;

import java.math.BigDecimal;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * RFC 4180 CSV: a header row, then one row per record in the given column order; CRLF line ends; a field is quoted
 * when it holds a comma, a semicolon, a quote or a line break (quotes doubled). Null is an empty field, numbers are
 * written plainly (no exponent), lists are joined with ';'. Reads straight into a spreadsheet or
 * {@code pandas.read_csv}.
 *
 * <p>Formula injection (OWASP "CSV Injection"): a spreadsheet runs a cell starting with {@code =}, {@code +},
 * {@code -}, {@code @}, tab or carriage return as a formula. Every <b>text</b> value (and every item of a list)
 * starting with one of them is prefixed with a single quote, which spreadsheets show as text. Numbers are never
 * prefixed, so a pain change of -3 stays the number -3 (and parses back to the JSON number).
 */
public final class Csv {

    public static final String MEDIA_TYPE = "text/csv;charset=UTF-8";

    /** What a spreadsheet takes as the start of a formula (OWASP CSV Injection). */
    private static final String FORMULA_STARTS = "=+-@\t\r";

    private Csv() {
    }

    public static String write(List<String> columns, List<? extends Map<String, ?>> rows) {
        StringBuilder out = new StringBuilder();
        out.append(columns.stream().map(Csv::field).collect(Collectors.joining(","))).append("\r\n");
        for (Map<String, ?> row : rows) {
            out.append(columns.stream().map(c -> field(text(row.get(c)))).collect(Collectors.joining(",")))
                    .append("\r\n");
        }
        return out.toString();
    }

    static String text(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof Double d) {
            return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
        }
        if (value instanceof BigDecimal d) {
            return d.stripTrailingZeros().toPlainString();
        }
        if (value instanceof Number) {
            return value.toString();
        }
        if (value instanceof Collection<?> list) {
            // Each item too: a spreadsheet that splits on ';' would start a cell with it.
            return neutralized(list.stream().map(Csv::text).collect(Collectors.joining(";")));
        }
        return neutralized(value.toString());
    }

    /** A text that a spreadsheet would run as a formula, made plain text by a leading single quote. */
    static String neutralized(String text) {
        if (!text.isEmpty() && FORMULA_STARTS.indexOf(text.charAt(0)) >= 0) {
            return "'" + text;
        }
        return text;
    }

    static String field(String text) {
        if (text.contains(",") || text.contains(";") || text.contains("\"") || text.contains("\n")
                || text.contains("\r")) {
            return "\"" + text.replace("\"", "\"\"") + "\"";
        }
        return text;
    }
}
