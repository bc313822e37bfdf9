package dev.meridian.outcomes.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The CSV writer: RFC 4180 quoting, and the formula-injection guard (OWASP CSV Injection) on text cells only. */
class CsvTest {

    @ParameterizedTest(name = "text starting with {0} is neutralized")
    @ValueSource(strings = {"=", "+", "-", "@", "\t", "\r"})
    void textThatASpreadsheetWouldRunAsAFormulaGetsALeadingQuote(String start) {
        String text = start + "HYPERLINK(\"http://example.org\")";

        List<List<String>> rows = CsvReader.parse(Csv.write(List.of("locationId"), List.of(row("locationId", text))));

        assertThat(rows.get(1).get(0)).isEqualTo("'" + text);
    }

    @Test
    void numbersStayNumbersEvenWhenNegative() {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("painChange", -3);
        row.put("painChangeSum", -12L);
        row.put("meanPainChange", -0.25);
        row.put("ratio", new BigDecimal("-1.50"));
        row.put("odiChange", null);

        List<List<String>> rows = CsvReader.parse(Csv.write(List.copyOf(row.keySet()), List.of(row)));

        assertThat(rows.get(1)).containsExactly("-3", "-12", "-0.25", "-1.5", "");
        assertThat(new BigDecimal(rows.get(1).get(0))).isEqualByComparingTo("-3");
    }

    @Test
    void aNumberWrittenAsTextIsTextAndIsNeutralized() {
        assertThat(CsvReader.parse(Csv.write(List.of("id"), List.of(row("id", "-3")))).get(1))
                .containsExactly("'-3");
    }

    @Test
    void ordinaryTextIsLeftAloneAndListItemsAreGuardedOneByOne() {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("locationId", "loc-north");
        row.put("month", "2026-03");
        row.put("suppressedFigures", List.of("responders", "=1+1", "@SUM(A1)"));

        String csv = Csv.write(List.copyOf(row.keySet()), List.of(row));

        assertThat(CsvReader.parse(csv).get(1)).containsExactly("loc-north", "2026-03",
                "responders;'=1+1;'@SUM(A1)");
        assertThat(csv).as("a list is quoted, so a spreadsheet splitting on ';' keeps it in one cell")
                .contains("\"responders;'=1+1;'@SUM(A1)\"");
    }

    private static Map<String, Object> row(String column, Object value) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put(column, value);
        return row;
    }
}
