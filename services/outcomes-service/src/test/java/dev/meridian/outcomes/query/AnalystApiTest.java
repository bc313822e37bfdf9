package dev.meridian.outcomes.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The analyst API over HTTP, on the demo network's read models. */
class AnalystApiTest extends AnalystApiTestSupport {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void summaryGroupsCarryEveryMeasureApiMdNames() throws Exception {
        JsonNode report = json("/api/outcomes/summary?groupBy=location,chronicity");

        assertThat(report.get("source").asText()).isEqualTo("dashboard_cells");
        assertThat(report.get("suppressionThreshold").asInt()).isEqualTo(11);
        JsonNode north = firstShown(report);
        for (String field : List.of("locationId", "chronicity", "courses", "responders", "responderRate",
                "substantialReliefRate", "medianSessionsToRelief", "meanPainChange", "oneSessionResolutionRate",
                "emotionalResponseRate", "medianRetentionMinutes", "suppressed", "meanBaselinePain",
                "coursesMeasured", "coursesClosed")) {
            assertThat(north.has(field)).as(field).isTrue();
        }
        assertThat(north.get("suppressed").asBoolean()).isFalse();
        assertThat(north.get("courses").asLong()).isGreaterThanOrEqualTo(11);
        assertThat(north.get("responderRate").asDouble()).isEqualTo(
                new BigDecimal(north.get("responders").asLong()).divide(new BigDecimal(north.get("coursesMeasured")
                        .asLong()), 3, java.math.RoundingMode.HALF_UP).doubleValue());
    }

    @Test
    void theSmallLocationIsSuppressedAndCannotBeRecoveredFromTheNetworkTotal() throws Exception {
        JsonNode byLocation = json("/api/outcomes/summary?chronicity=CHRONIC&groupBy=location");
        JsonNode total = json("/api/outcomes/summary?chronicity=CHRONIC").get("groups").get(0);

        JsonNode small = find(byLocation, DemoNetwork.SMALL_LOCATION, null);
        assertThat(small.get("suppressed").asBoolean()).isTrue();
        assertThat(small.get("courses").isNull()).isTrue();
        long shown = 0;
        int hidden = 0;
        for (JsonNode group : byLocation.get("groups")) {
            if (group.get("suppressed").asBoolean()) {
                hidden++;
            } else {
                shown += group.get("courses").asLong();
            }
        }
        long leftOver = total.get("courses").asLong() - shown;
        assertThat(hidden).as("the small location hides another with it").isGreaterThanOrEqualTo(2);
        assertThat(leftOver).as("total minus shown locations").isNotEqualTo(DemoNetwork.SMALL_LOCATION_COURSES)
                .isGreaterThanOrEqualTo(11);
        // Through the filter, the small location shows nothing either.
        JsonNode filtered = json("/api/outcomes/summary?locationId=loc-small");
        assertThat(filtered.get("groups").get(0).get("suppressed").asBoolean()).isTrue();
    }

    @Test
    void csvHasTheSameRowsAndNumbersAsJson() throws Exception {
        String query = "/api/outcomes/summary?groupBy=location,month,chronicity";
        JsonNode report = json(query);
        HttpResponse<String> csv = get(query + "&format=csv", "application/json");
        HttpResponse<String> accepted = get(query, "text/csv");

        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/csv");
        assertThat(accepted.body()).as("Accept: text/csv gives the same CSV").isEqualTo(csv.body());
        List<List<String>> rows = CsvReader.parse(csv.body());
        List<String> header = rows.get(0);
        List<String> columns = new ArrayList<>();
        report.get("columns").forEach(c -> columns.add(c.asText()));
        assertThat(header).isEqualTo(columns);
        assertThat(header.subList(0, 3)).containsExactly("locationId", "month", "chronicity");
        assertParsesBackToJson(rows, report.get("groups"));
    }

    @Test
    void coursesAsCsvParseBackToTheJsonNumbersIncludingNegativeOnes() throws Exception {
        String query = "/api/outcomes/courses?size=5000";
        JsonNode page = json(query);
        List<List<String>> rows = CsvReader.parse(get(query, "text/csv").body());

        assertThat(rows.get(0)).isEqualTo(CourseListing.COLUMNS);
        List<Long> painChanges = new ArrayList<>();
        page.get("courses").forEach(c -> {
            if (c.get("painChange").isNumber()) {
                painChanges.add(c.get("painChange").asLong());
            }
        });
        assertThat(painChanges).as("the demo network has courses that got worse").anyMatch(change -> change < 0);
        assertParsesBackToJson(rows, page.get("courses"));
    }

    /**
     * Every CSV row (after the header) equals its JSON record: numbers as numbers (a negative number is not
     * neutralized), empty for null, lists joined with ';', text as text once the formula guard's quote is removed.
     */
    private static void assertParsesBackToJson(List<List<String>> rows, JsonNode records) {
        List<String> header = rows.get(0);
        assertThat(rows).hasSize(records.size() + 1);
        for (int r = 0; r < records.size(); r++) {
            JsonNode record = records.get(r);
            for (int c = 0; c < header.size(); c++) {
                String field = rows.get(r + 1).get(c);
                JsonNode value = record.get(header.get(c));
                if (value == null || value.isNull()) {
                    assertThat(field).as("row %s %s", r, header.get(c)).isEmpty();
                } else if (value.isNumber()) {
                    assertThat(new BigDecimal(field)).as("row %s %s", r, header.get(c))
                            .isEqualByComparingTo(value.decimalValue());
                } else if (value.isArray()) {
                    List<String> items = new ArrayList<>();
                    value.forEach(v -> items.add(v.asText()));
                    assertThat(unguarded(field)).isEqualTo(String.join(";", items));
                } else {
                    assertThat(unguarded(field)).as("row %s %s", r, header.get(c)).isEqualTo(value.asText());
                }
            }
        }
    }

    /** A text field without the formula guard's leading quote (docs/outcome-measures.md, "CSV"). */
    private static String unguarded(String field) {
        return field.length() > 1 && field.charAt(0) == '\'' && "=+-@\t\r".indexOf(field.charAt(1)) >= 0
                ? field.substring(1) : field;
    }

    @Test
    void aRangeThatIsNotMonthAlignedIsAnsweredForWholeMonthsAndSaysSo() throws Exception {
        JsonNode unaligned = json("/api/outcomes/summary?from=2026-02-10&to=2026-03-20&groupBy=location");
        JsonNode aligned = json("/api/outcomes/summary?from=2026-02-01&to=2026-03-31&groupBy=location");

        assertThat(unaligned.get("period").get("from").asText()).isEqualTo("2026-02-01");
        assertThat(unaligned.get("period").get("to").asText()).isEqualTo("2026-03-31");
        assertThat(unaligned.get("period").get("requestedFrom").asText()).isEqualTo("2026-02-10");
        assertThat(unaligned.get("period").get("rounded").asBoolean()).isTrue();
        assertThat(aligned.get("period").get("rounded").asBoolean()).isFalse();
        assertThat(unaligned.get("groups")).isEqualTo(aligned.get("groups"));
        long february = json("/api/outcomes/summary?from=2026-02-01&to=2026-02-28").get("groups").get(0)
                .get("courses").asLong();
        long all = json("/api/outcomes/summary").get("groups").get(0).get("courses").asLong();
        assertThat(february).isLessThan(all).isGreaterThan(0);
    }

    @Test
    void filtersChangedAndReappliedGiveTheSameAnswer() throws Exception {
        String chronic = get("/api/outcomes/summary?chronicity=CHRONIC&groupBy=location", null).body();
        String acute = get("/api/outcomes/summary?chronicity=ACUTE&groupBy=location", null).body();
        String chronicAgain = get("/api/outcomes/summary?chronicity=CHRONIC&groupBy=location", null).body();

        assertThat(acute).isNotEqualTo(chronic);
        assertThat(chronicAgain).isEqualTo(chronic);
    }

    @ParameterizedTest(name = "{0} -> 400 naming {1}")
    @CsvSource(delimiter = '|', value = {
            "/api/outcomes/summary?chronicity=CHRONICAL|chronicity",
            "/api/outcomes/summary?from=2026-13-01|from",
            "/api/outcomes/summary?to=yesterday|to",
            "/api/outcomes/summary?from=2026-05-01&to=2026-04-01|from",
            "/api/outcomes/summary?groupBy=location,clinic|groupBy",
            "/api/outcomes/summary?groupBy=month,month|groupBy",
            "/api/outcomes/summary?locationId=loc%20north|locationId",
            "/api/outcomes/summary?chronicty=CHRONIC|chronicty",
            "/api/outcomes/summary?format=xml|format",
            "/api/outcomes/courses?page=-1|page",
            "/api/outcomes/courses?size=0|size",
            "/api/outcomes/courses?groupBy=location|groupBy",
            "/api/outcomes/courses?practitionerId=pr/1|practitionerId"})
    void badParametersAreRefusedWithProblemDetailsNamingTheField(String path, String field) throws Exception {
        for (String accept : new String[] {"application/json", "text/csv"}) {
            HttpResponse<String> response = get(path, accept);

            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(response.headers().firstValue("Content-Type").orElseThrow())
                    .startsWith("application/problem+json");
            JsonNode problem = JSON.readTree(response.body());
            assertThat(problem.get("status").asInt()).isEqualTo(400);
            assertThat(problem.get("title").asText()).isNotBlank();
            assertThat(problem.get("type").asText()).isNotBlank();
            assertThat(problem.get("detail").asText()).contains(field);
            List<String> fields = new ArrayList<>();
            problem.get("errors").forEach(e -> fields.add(e.get("field").asText()));
            assertThat(fields).contains(field);
        }
    }

    @Test
    void coursesAreDeIdentifiedWithTheOpeningYearOnly() throws Exception {
        HttpResponse<String> response = get("/api/outcomes/courses?size=500", "application/json");
        String body = response.body();
        JsonNode page = JSON.readTree(body);

        assertThat(page.get("courses").size()).isGreaterThan(100);
        // The histories register every patient as "Ada Example", born 1980-05-17, with a private note per response.
        assertThat(body).doesNotContain("Ada", "Example", "ada@example.org")
                .doesNotContainPattern("(?<![0-9a-f])1980(?![0-9a-f])"); // not inside a hex pseudonym
        for (String personal : List.of("private note", "stretch daily", "birth", "email", "phone", "name", "note")) {
            assertThat(body).as("no %s", personal).doesNotContainIgnoringCase(personal);
        }
        assertThat(body).as("no date finer than a year").doesNotContainPattern("20\\d\\d-\\d\\d");
        Set<String> rawIds = new HashSet<>();
        DEMO.courses().forEach(c -> {
            rawIds.add(c.getString("courseId"));
            rawIds.add(c.getString("patientId"));
        });
        rawIds.forEach(id -> assertThat(body).doesNotContain(id));
        JsonNode row = page.get("courses").get(0);
        List<String> fields = new ArrayList<>();
        row.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).isEqualTo(CourseListing.COLUMNS);
        assertThat(row.get("openingYear").asInt()).isEqualTo(2026);
        assertThat(row.get("coursePseudonym").asText()).matches("c-[0-9a-f]{32}");
    }

    @Test
    void coursesArePagedAndSmallClassesAreWithheld() throws Exception {
        JsonNode first = json("/api/outcomes/courses?size=50");
        JsonNode second = json("/api/outcomes/courses?size=50&page=1");

        long total = first.get("totalCourses").asLong();
        assertThat(first.get("totalPages").asLong()).isEqualTo((total + 49) / 50);
        assertThat(first.get("rowsWithheld").asBoolean()).as("loc-small's class of four").isTrue();
        assertThat(first.get("suppressed").asBoolean()).isFalse();
        Set<String> ids = new HashSet<>();
        first.get("courses").forEach(c -> ids.add(c.get("coursePseudonym").asText()));
        second.get("courses").forEach(c -> assertThat(ids.add(c.get("coursePseudonym").asText())).isTrue());
        assertThat(ids).hasSize(100);
        assertThat(first.toString()).doesNotContain(DemoNetwork.SMALL_LOCATION);
        long opened = DEMO.courses().size();
        assertThat(total).isLessThan(opened);

        JsonNode small = json("/api/outcomes/courses?locationId=" + DemoNetwork.SMALL_LOCATION);
        assertThat(small.get("suppressed").asBoolean()).isTrue();
        assertThat(small.get("courses").size()).isZero();
        assertThat(small.get("totalCourses").asLong()).isZero();
    }

    @Test
    void theCourseDateFilterIsRoundedToWholeYears() throws Exception {
        JsonNode page = json("/api/outcomes/courses?from=2026-03-15&to=2026-03-15&size=1");

        assertThat(page.get("period").get("from").asText()).isEqualTo("2026-01-01");
        assertThat(page.get("period").get("to").asText()).isEqualTo("2026-12-31");
        assertThat(page.get("totalCourses").asLong()).isEqualTo(json("/api/outcomes/courses?size=1")
                .get("totalCourses").asLong());
    }

    @Test
    void coursesAsCsvHaveAHeaderAndOneRowPerCourse() throws Exception {
        HttpResponse<String> csv = get("/api/outcomes/courses?size=20&chronicity=CHRONIC", "text/csv");
        List<List<String>> rows = CsvReader.parse(csv.body());

        assertThat(rows.get(0)).isEqualTo(CourseListing.COLUMNS);
        assertThat(rows).hasSize(21);
        assertThat(rows.subList(1, 21)).allSatisfy(r -> assertThat(r.get(5)).isEqualTo("CHRONIC"));
    }

    @Test
    void theOpenApiDocumentDescribesPaging() throws Exception {
        JsonNode api = json("/v3/api-docs");
        JsonNode courses = api.get("paths").get("/api/outcomes/courses").get("get");

        List<String> parameters = new ArrayList<>();
        courses.get("parameters").forEach(p -> parameters.add(p.get("name").asText()));
        assertThat(parameters).contains("page", "size", "chronicity", "locationId", "practitionerId", "from", "to");
        assertThat(courses.get("description").asText()).contains("page (zero-based");
        assertThat(api.get("paths").get("/api/outcomes/summary").get("get").get("parameters").toString())
                .contains("groupBy");
        // Swagger UI's "Authorize" button: every operation takes the bearer token.
        assertThat(api.at("/components/securitySchemes/bearer/scheme").asText()).isEqualTo("bearer");
        assertThat(api.at("/components/securitySchemes/bearer/description").asText()).contains("ANALYST");
        assertThat(api.at("/security/0/bearer").isArray()).isTrue();
    }

    @Test
    void theDashboardAndItsChartingLibraryAreServedFromTheJar() throws Exception {
        HttpResponse<String> page = get("/", "text/html");
        HttpResponse<String> echarts = get("/webjars/echarts/dist/echarts.min.js", "*/*");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("/webjars/echarts/dist/echarts.min.js", "/dashboard/dashboard.js");
        assertThat(echarts.statusCode()).isEqualTo(200);
        assertThat(echarts.body()).contains("echarts");
        assertThat(get("/dashboard/dashboard.js", "*/*").statusCode()).isEqualTo(200);
    }

    private JsonNode json(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = get(path, "application/json");
        assertThat(response.statusCode()).as("%s: %s", path, response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private HttpResponse<String> get(String path, String accept) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(path))).GET()
                .header("Authorization", "Bearer " + analystToken());
        if (accept != null) {
            request.header("Accept", accept);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The first group whose responder rate is shown. */
    static JsonNode firstShown(JsonNode report) {
        for (JsonNode group : report.get("groups")) {
            if (!group.get("suppressed").asBoolean() && !group.get("responderRate").isNull()) {
                return group;
            }
        }
        throw new AssertionError("every group is suppressed");
    }

    private static JsonNode find(JsonNode report, String location, String chronicity) {
        for (Iterator<JsonNode> it = report.get("groups").elements(); it.hasNext(); ) {
            JsonNode group = it.next();
            if (group.get("locationId").asText().equals(location)
                    && (chronicity == null || group.get("chronicity").asText().equals(chronicity))) {
                return group;
            }
        }
        throw new AssertionError("no group " + location + " " + chronicity);
    }
}
