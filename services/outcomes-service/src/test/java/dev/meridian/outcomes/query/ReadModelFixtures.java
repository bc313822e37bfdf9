package dev.meridian.outcomes.query;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.meridian.events.ClinicEvent;
import dev.meridian.events.PatientEvent;
import dev.meridian.outcomes.projection.CellContributions;
import dev.meridian.outcomes.projection.CourseOutcomeDocument;
import dev.meridian.outcomes.projection.CourseOutcomeProjector;
import dev.meridian.outcomes.projection.NestedCounters;
import dev.meridian.outcomes.support.History;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.bson.Document;

/**
 * Read models shaped like docs/read-models.md, built two ways: from hand-built event histories through the
 * projection's pure functions (course documents, and cells as the sum of the courses' contributions), or directly as
 * synthetic cells with chosen counts.
 */
final class ReadModelFixtures {

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private ReadModelFixtures() {
    }

    /** The {@code course_outcomes} and {@code dashboard_cells} documents a history projects to. */
    record Projected(List<Document> courses, List<Document> cells) {

        List<Unit> cellUnits() {
            return cells.stream().map(AnalystReadModels::cellUnit).toList();
        }

        List<Unit> courseUnits() {
            return courses.stream().filter(c -> Boolean.TRUE.equals(c.getBoolean("opened")))
                    .map(CourseCounters::unit).toList();
        }
    }

    static Projected project(History history) {
        return project(history.events());
    }

    static Projected project(List<ClinicEvent> events) {
        Map<String, CourseOutcomeDocument> courses = new TreeMap<>();
        for (ClinicEvent event : events) {
            if (event instanceof PatientEvent) {
                continue;
            }
            CourseOutcomeProjector.apply(courses.computeIfAbsent(CourseOutcomeProjector.courseIdOf(event),
                    CourseOutcomeDocument::empty), event);
        }
        Map<String, Map<String, Long>> counters = new TreeMap<>();
        Map<String, CourseOutcomeDocument.CellContribution> keys = new LinkedHashMap<>();
        List<Document> courseDocuments = new ArrayList<>();
        for (CourseOutcomeDocument course : courses.values()) {
            CourseOutcomeDocument.CellContribution contribution = CellContributions.of(course);
            course.cellContribution = contribution;
            courseDocuments.add(bson(course));
            if (contribution == null) {
                continue;
            }
            keys.putIfAbsent(contribution.cell.id(), contribution);
            Map<String, Long> cell = counters.computeIfAbsent(contribution.cell.id(), id -> new TreeMap<>());
            NestedCounters.flatten(contribution.getCounters()).forEach((k, v) -> cell.merge(k, v, Long::sum));
        }
        List<Document> cells = new ArrayList<>();
        counters.forEach((id, flat) -> {
            var key = keys.get(id).cell;
            cells.add(cell(key.locationId(), key.practitionerId(), key.month(), key.chronicity().name(), flat));
        });
        return new Projected(courseDocuments, cells);
    }

    /** A cell document with every scalar counter (0 unless given) and the given histogram buckets. */
    static Document cell(String locationId, String practitionerId, String month, String chronicity,
                         Map<String, Long> flatCounters) {
        Map<String, Long> all = new LinkedHashMap<>();
        CellContributions.SCALAR_COUNTERS.forEach(name -> all.put(name, 0L));
        all.putAll(flatCounters);
        Document cell = new Document("_id", String.join("|", locationId, practitionerId, month, chronicity))
                .append("locationId", locationId).append("practitionerId", practitionerId).append("month", month)
                .append("chronicity", chronicity);
        Document nested = new Document(NestedCounters.nest(all));
        Document histograms = new Document("sessionsToRelief", new Document()).append("retentionMinutes",
                new Document()).append("painChange", new Document()).append("baselinePain", new Document());
        if (nested.get("histograms") instanceof Map<?, ?> given) {
            given.forEach((name, buckets) -> histograms.put((String) name, new Document(castMap(buckets))));
        }
        nested.put("histograms", histograms);
        cell.putAll(nested);
        cell.append("appliedVersions", new Document());
        return cell;
    }

    /**
     * A synthetic cell of {@code courses} courses: every course measured and closed, {@code responders} of them
     * responders, each responder relieved at session 2, emotional responses in a tenth of the courses.
     */
    static Document simpleCell(String locationId, String practitionerId, String month, String chronicity,
                               long courses, long responders) {
        Map<String, Long> c = new LinkedHashMap<>();
        c.put("coursesOpened", courses);
        c.put("baselinePainSum", 6 * courses);
        c.put("coursesMeasured", courses);
        c.put("painChangeSum", 3 * responders);
        c.put("responders", responders);
        c.put("substantialRelief", responders);
        c.put("coursesWithRelief", responders);
        if (responders > 0) {
            c.put("histograms.sessionsToRelief.2", responders);
        }
        c.put("coursesClosed", courses);
        c.put("outcomes.IMPROVED", courses);
        c.put("sessionsStarted", 2 * courses);
        c.put("sessionsCompleted", 2 * courses);
        return cell(locationId, practitionerId, month, chronicity, c);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Object value) {
        return (Map<String, Object>) value;
    }

    static Document bson(Object value) {
        try {
            return Document.parse(JSON.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
