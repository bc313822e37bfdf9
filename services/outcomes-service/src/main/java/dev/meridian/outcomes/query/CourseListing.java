package dev.meridian.outcomes.query;

import dev.meridian.events.Chronicity;
import dev.meridian.events.EmotionalPhase;
import dev.meridian.outcomes.projection.CellKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.bson.Document;
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

    /**
     * The course document fields a row is made of: the list reads only these. A course document holds every session
     * (and the projection's bookkeeping); sending those for 50 rows was most of the embedded server's work per page.
     */
    static final List<String> ROW_FIELDS = List.of("courseId", "patientId", "openingMonth", "locationId",
            "practitionerId", "chronicity", "painLocation", "trigger", "baselinePain", "baselineOdi", "latestPain",
            "latestPainSource", "painChange", "painChangePercent", "responder", "substantialRelief", "recovered",
            "odiChange", "odiResponder", "sessionsToRelief", "sessionsScheduled", "sessionsStarted",
            "sessionsCompleted", "sessionsCancelled", "psoasReleases.count", "sessionsWithRetention",
            "retentionMinutesTotal", "emotionalResponses.count", "emotionalResponses.sessions",
            "emotionalResponses.phases", "emotionalResponses.traumaRelated", "homework", "closed", "outcome",
            "closingPain", "oneSessionResolution");

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
        List<Unit> cells = readModels.cells(filter.period()).stream()
                .filter(cell -> filter.pinned().entrySet().stream()
                        .allMatch(p -> p.getValue().equals(cell.keys().get(p.getKey()))))
                .toList();

        // Class sizes from the cells: location x practitioner x chronicity x year.
        Map<List<String>, Long> classes = new HashMap<>();
        cells.forEach(cell -> classes.merge(classOf(cell), opened(cell), Long::sum));
        boolean anyWithheld = classes.values().stream().anyMatch(size -> size > 0 && size < threshold);

        // The listed cells, in row order, with their course counts: the page is found from the counts, and only
        // the lists of the cells it spans are read (a cell's list is its opened courses: see docs/read-models.md).
        TreeMap<String, Long> listed = new TreeMap<>();
        for (Unit cell : cells) {
            long size = classes.get(classOf(cell));
            if (opened(cell) > 0 && size >= threshold) {
                listed.put(cellId(cell), opened(cell));
            }
        }
        long total = listed.values().stream().mapToLong(Long::longValue).sum();
        long skip = (long) query.page() * query.size();
        List<String> pageCells = new ArrayList<>();
        long start = 0;
        long firstOffset = 0;
        for (Map.Entry<String, Long> cell : listed.entrySet()) {
            long end = start + cell.getValue();
            if (end > skip && start < skip + query.size()) {
                if (pageCells.isEmpty()) {
                    firstOffset = skip - start;
                }
                pageCells.add(cell.getKey());
            }
            start = end;
        }
        List<String> courseIds = new ArrayList<>();
        Map<String, List<String>> lists = readModels.cellCourses(pageCells);
        for (int i = 0; i < pageCells.size() && courseIds.size() < query.size(); i++) {
            List<String> inCell = lists.getOrDefault(pageCells.get(i), List.of());
            int from = i == 0 ? (int) Math.min(firstOffset, inCell.size()) : 0;
            int to = Math.min(inCell.size(), from + query.size() - courseIds.size());
            courseIds.addAll(inCell.subList(from, to));
        }
        Map<String, Document> courses = new HashMap<>();
        readModels.courses(courseIds, ROW_FIELDS).forEach(doc -> courses.put(doc.getString("_id"), doc));
        List<Map<String, Object>> rows = new ArrayList<>();
        for (String courseId : courseIds) {
            Document course = courses.get(courseId);
            if (course != null) {
                rows.add(row(course));
            }
        }
        return new CoursePage(filter.describe(), filter.period(), threshold, total == 0 && anyWithheld, anyWithheld,
                query.page(), query.size(), total, (total + query.size() - 1) / query.size(), COLUMNS, rows);
    }

    private static List<String> classOf(Unit cell) {
        Map<Dimension, String> k = cell.keys();
        return List.of(k.get(Dimension.LOCATION), k.get(Dimension.PRACTITIONER), k.get(Dimension.CHRONICITY),
                k.get(Dimension.MONTH).substring(0, 4));
    }

    private static long opened(Unit cell) {
        return cell.counters().getOrDefault("coursesOpened", 0L);
    }

    private static String cellId(Unit cell) {
        Map<Dimension, String> k = cell.keys();
        return new CellKey(k.get(Dimension.LOCATION), k.get(Dimension.PRACTITIONER), k.get(Dimension.MONTH),
                Chronicity.valueOf(k.get(Dimension.CHRONICITY))).id();
    }

    Map<String, Object> row(Document c) {
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
