package dev.meridian.outcomes.query;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import java.util.Set;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The analysts' API (API.md, outcomes-service): outcome measures per group, and de-identified courses, as JSON or
 * CSV. Both read the read models only; both suppress small cells (docs/outcome-measures.md).
 */
@RestController
@RequestMapping("/api/outcomes")
@Tag(name = "outcomes", description = "De-identified outcome measures for analysts")
class AnalystController {

    private static final String FILTERS = """
            Filters (all optional): chronicity (ACUTE, SUBACUTE, CHRONIC), locationId, practitionerId, from and to \
            (ISO dates, inclusive, on the course opening date). Unknown parameters are refused (400), so that a \
            misspelt filter cannot silently widen the population. JSON by default; CSV (header row, stable column \
            order, RFC 4180 quoting) with format=csv or Accept: text/csv.""";

    private final OutcomeSummaries summaries;
    private final CourseListing listing;
    private final AnalystReadModels readModels;

    AnalystController(OutcomeSummaries summaries, CourseListing listing, AnalystReadModels readModels) {
        this.summaries = summaries;
        this.listing = listing;
        this.readModels = readModels;
    }

    @GetMapping("/summary")
    @Operation(summary = "Outcome measures per group", description = FILTERS + """
             groupBy: location, practitioner, month, chronicity (API.md) or retention (the course's mean retention \
            minutes per session, in bands: answered from course_outcomes), comma-separated. The period is rounded \
            outwards to whole months (the dashboard cells are monthly, and day-precise ranges would let two \
            overlapping queries be subtracted): the response's period says what was answered. Each group carries \
            its group columns, suppressed, suppressedFigures, the counts and denominators, and the measures: \
            courses, meanBaselinePain, coursesMeasured, responders, responderRate, substantialRelief, \
            substantialReliefRate, meanPainChange, coursesWithRelief, medianSessionsToRelief, sessionsToRelief1..5, \
            sessionsToRelief6OrMore, coursesClosed, oneSessionResolutions, oneSessionResolutionRate, \
            coursesWithEmotionalResponse, emotionalResponseRate, emotionalResponseRateAtPainOnset, \
            emotionalResponseRateDuringRelease, emotionalResponseRateAfterTreatment, coursesWithHomework, \
            homeworkRate, sessionsStarted, sessionsWithEmotionalResponse, sessionEmotionalResponseRate, \
            sessionsWithRetention, medianRetentionMinutes. A hidden figure is null (empty in CSV).""")
    @ApiResponse(responseCode = "200", description = "the groups (CSV: one row per group, columns as listed)",
            content = {@Content(mediaType = "application/json", schema = @Schema(implementation = SummaryReport.class)),
                    @Content(mediaType = "text/csv")})
    @ApiResponse(responseCode = "400", description = "a parameter that does not parse; errors names each field",
            content = @Content(mediaType = "application/problem+json"))
    ResponseEntity<?> summary(HttpServletRequest request,
                              @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept,
                              @Parameter(description = "ACUTE, SUBACUTE or CHRONIC") @RequestParam(required = false) String chronicity,
                              @RequestParam(required = false) String locationId,
                              @RequestParam(required = false) String practitionerId,
                              @Parameter(description = "first opening date, ISO (rounded down to the month's first day)") @RequestParam(required = false) String from,
                              @Parameter(description = "last opening date, ISO (rounded up to the month's last day)") @RequestParam(required = false) String to,
                              @Parameter(description = "location, practitioner, month, chronicity, retention; comma-separated") @RequestParam(required = false) String groupBy,
                              @Parameter(description = "json (default) or csv") @RequestParam(required = false) String format) {
        SummaryQuery query = AnalystQueryParser.summary(request.getParameterMap(), accept);
        SummaryReport report = summaries.summarize(query);
        if (query.format() == OutputFormat.CSV) {
            return csv(Csv.write(report.columns(), report.groups()), "outcome-summary.csv", report.period());
        }
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(report);
    }

    @GetMapping("/courses")
    @Operation(summary = "De-identified course outcomes, paged", description = FILTERS + """
             Paging: page (zero-based, default 0) and size (1 to 5000, default 100); rows are ordered by location, \
            practitioner, opening month and chronicity, then by the pseudonym's underlying id, so pages are stable \
            while no course is added. The response carries page, \
            size, totalCourses, totalPages and courses (CSV: the page's rows). Rows carry pseudonyms (keyed hashes), \
            the opening year (no other date: HIPAA Safe Harbor), and clinical facts; never names, contacts, birth \
            dates or notes. The period is rounded outwards to whole years. Courses whose class (location, \
            practitioner, chronicity, opening year) has fewer courses than the suppression threshold are withheld \
            (rowsWithheld says so; suppressed when nothing could be listed).""")
    @ApiResponse(responseCode = "200", description = "one page of courses",
            content = {@Content(mediaType = "application/json", schema = @Schema(implementation = CoursePage.class)),
                    @Content(mediaType = "text/csv")})
    @ApiResponse(responseCode = "400", description = "a parameter that does not parse; errors names each field",
            content = @Content(mediaType = "application/problem+json"))
    ResponseEntity<?> courses(HttpServletRequest request,
                              @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept,
                              @RequestParam(required = false) String chronicity,
                              @RequestParam(required = false) String locationId,
                              @RequestParam(required = false) String practitionerId,
                              @RequestParam(required = false) String from,
                              @RequestParam(required = false) String to,
                              @Parameter(description = "zero-based page number") @RequestParam(required = false) String page,
                              @Parameter(description = "rows per page, 1 to 5000") @RequestParam(required = false) String size,
                              @RequestParam(required = false) String format) {
        CoursesQuery query = AnalystQueryParser.courses(request.getParameterMap(), accept);
        CoursePage result = listing.list(query);
        if (query.format() == OutputFormat.CSV) {
            return csv(Csv.write(result.columns(), result.courses()), "outcome-courses.csv", result.period());
        }
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(result);
    }

    @GetMapping("/dimensions")
    @Operation(summary = "Location and practitioner ids and months that have data (the dashboard's filter choices)")
    Map<String, Set<String>> dimensions() {
        return readModels.dimensionValues();
    }

    private static ResponseEntity<String> csv(String body, String filename, Period period) {
        ResponseEntity.BodyBuilder response = ResponseEntity.ok()
                .contentType(MediaType.parseMediaType(Csv.MEDIA_TYPE))
                .header(HttpHeaders.CONTENT_DISPOSITION, "inline; filename=\"" + filename + "\"")
                .header("Meridian-Period-Rounded", String.valueOf(period.rounded()));
        if (period.from() != null) {
            response.header("Meridian-Period-From", period.from().toString());
        }
        if (period.to() != null) {
            response.header("Meridian-Period-To", period.to().toString());
        }
        return response.body(body);
    }
}
