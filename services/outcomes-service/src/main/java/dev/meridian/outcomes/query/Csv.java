package dev.meridian.outcomes.query;

import java.math.BigDecimal;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * RFC 4180 CSV: a header row, then one row per record in the given column order; CRLF line ends; a field is quoted
 * when it holds a comma, a quote or a line break (quotes doubled). Null is an empty field, numbers are written
 * plainly (no exponent), lists are joined with ';'. Reads straight into a spreadsheet or {@code pandas.read_csv}.
 */
public final class Csv {

    public static final String MEDIA_TYPE = "text/csv;charset=UTF-8";

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
        if (value instanceof Collection<?> list) {
            return list.stream().map(Csv::text).collect(Collectors.joining(";"));
        }
        return value.toString();
    }

    static String field(String text) {
        if (text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r")) {
            return "\"" + text.replace("\"", "\"\"") + "\"";
        }
        return text;
    }
}
