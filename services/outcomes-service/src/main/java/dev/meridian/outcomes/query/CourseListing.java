package dev.meridian.outcomes.query;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;

import dev.meridian.events.EmotionalPhase;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.stereotype.Service;

/**
 * The de-identified course list. Safe Harbor: pseudonymous ids (see {@link Pseudonyms}), clinical facts, and of the
 * dates only the opening year (so the date filter is rounded to whole years, or filtering would reveal months); no
 * names, contacts, birth dates, notes or other dates. Against singling out, a course is listed only when its class
 * (location, practitioner, chronicity, opening year: what a row shows about who and when) has at least the
 * suppression threshold's number of courses; smaller classes are withheld, and the count withheld is not shown.
 */
@Service
public class CourseListing {

    public static final List<String> COLUMNS = List.of("coursePseudonym", "patientPseudonym", "openingYear",
            "locationId", "practitionerId", "chronicity", "painLocation", "trigger", "baselinePain", "baselineOdi",
            "latestPain", "latestPainSource", "painChange", "painChangePercent", "responder", "substantialRelief",
            "recovered", "odiChange", "odiResponder", "sessionsToRelief", "sessionsScheduled", "sessionsStarted",
            "sessionsCompleted", "sessionsCancelled", "psoasReleases", "sessionsWithRetention",
            "retentionMinutesTotal", "retentionBand", "emotionalResponses", "emotionalResponseSessions",
            "emotionalResponsePhases", "traumaRelatedResponses", "homeworkAssigned", "homeworkExercises", "closed",
            "outcome", "closingPain", "oneSessionResolution");

    private final AnalystReadModels readModels;
    private final Pseudonyms pseudonyms;
    private final int threshold;

    public CourseListing(AnalystReadModels readModels, Pseudonyms pseudonyms, OutcomeSummaries summaries) {
        this.readModels = readModels;
        this.pseudonyms = pseudonyms;
        this.threshold = summaries.threshold();
    }

    public CoursePage list(CoursesQuery query) {
        AnalystFilter filter = query.filter();
        List<Bson> conditions = new ArrayList<>();
        conditions.add(eq("opened", true));
        filter.pinned().forEach((dimension, value) -> conditions.add(eq(dimension.column(), value)));
        conditions.add(AnalystReadModels.monthRange("openingMonth", filter.period()));

        // Class sizes from the cells: location x practitioner x chronicity x year.
        Map<List<String>, Long> classes = new TreeMap<>(java.util.Comparator.comparing(Object::toString));
        for (Unit cell : readModels.cells(filter.period())) {
            Map<Dimension, String> k = cell.keys();
            if (!filter.pinned().entrySet().stream().allMatch(p -> p.getValue().equals(k.get(p.getKey())))) {
                continue;
            }
            List<String> key = List.of(k.get(Dimension.LOCATION), k.get(Dimension.PRACTITIONER),
                    k.get(Dimension.CHRONICITY), k.get(Dimension.MONTH).substring(0, 4));
            classes.merge(key, cell.counters().getOrDefault("coursesOpened", 0L), Long::sum);
        }
        List<Bson> withheld = new ArrayList<>();
        classes.forEach((key, size) -> {
            if (size < threshold) {
                withheld.add(and(eq("locationId", key.get(0)), eq("practitionerId", key.get(1)),
                        eq("chronicity", key.get(2)), AnalystReadModels.monthRange("openingMonth",
                                Period.of(java.time.LocalDate.parse(key.get(3) + "-01-01"),
                                        java.time.LocalDate.parse(key.get(3) + "-12-31"), Period.Granularity.YEAR))));
            }
        });
        conditions.add(AnalystReadModels.noneOf(withheld));
        Bson listed = and(conditions);

        long total = readModels.countCourses(listed);
        List<Map<String, Object>> rows = new ArrayList<>();
        long skip = (long) query.page() * query.size();
        if (skip < total) {
            readModels.coursePage(listed, (int) skip, query.size()).forEach(doc -> rows.add(row(doc)));
        }
        boolean anyWithheld = !withheld.isEmpty();
        return new CoursePage(filter.describe(), filter.period(), threshold, total == 0 && anyWithheld, anyWithheld,
                query.page(), query.size(), total, (total + query.size() - 1) / query.size(), COLUMNS, rows);
    }

    private Map<String, Object> row(Document c) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("coursePseudonym", pseudonyms.course(c.getString("courseId")));
        row.put("patientPseudonym", pseudonyms.patient(c.getString("patientId")));
        String month = c.getString("openingMonth");
        row.put("openingYear", month == null ? null : Integer.valueOf(month.substring(0, 4)));
        for (String field : List.of("locationId", "practitionerId", "chronicity", "painLocation", "trigger",
                "baselinePain", "baselineOdi", "latestPain", "latestPainSource", "painChange", "painChangePercent",
                "responder", "substantialRelief", "recovered", "odiChange", "odiResponder", "sessionsToRelief",
                "sessionsScheduled", "sessionsStarted", "sessionsCompleted", "sessionsCancelled")) {
            row.put(field, c.get(field));
        }
        Document releases = c.get("psoasReleases", Document.class);
        row.put("psoasReleases", releases == null ? 0 : releases.get("count"));
        row.put("sessionsWithRetention", c.get("sessionsWithRetention"));
        row.put("retentionMinutesTotal", c.get("retentionMinutesTotal"));
        row.put("retentionBand", RetentionBand.of(c).label());
        Document emotional = c.get("emotionalResponses", Document.class);
        List<String> phases = new ArrayList<>();
        Object trauma = 0;
        if (emotional != null) {
            Document byPhase = emotional.get("phases", Document.class);
            for (EmotionalPhase phase : EmotionalPhase.values()) {
                if (byPhase != null && CourseCounters.number(byPhase.get(phase.name())) > 0) {
                    phases.add(phase.name());
                }
            }
            Document traumaRelated = emotional.get("traumaRelated", Document.class);
            trauma = traumaRelated == null ? 0 : traumaRelated.getOrDefault("YES", 0);
        }
        row.put("emotionalResponses", emotional == null ? 0 : emotional.get("count"));
        row.put("emotionalResponseSessions", emotional == null ? 0 : emotional.get("sessions"));
        row.put("emotionalResponsePhases", phases);
        row.put("traumaRelatedResponses", trauma);
        Document homework = c.get("homework", Document.class);
        row.put("homeworkAssigned", homework != null && Boolean.TRUE.equals(homework.getBoolean("assigned")));
        row.put("homeworkExercises", homework == null ? List.of() : homework.getList("exercises", String.class));
        row.put("closed", c.get("closed"));
        row.put("outcome", c.get("outcome"));
        row.put("closingPain", c.get("closingPain"));
        row.put("oneSessionResolution", c.get("oneSessionResolution"));
        return row;
    }
}
