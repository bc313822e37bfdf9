package dev.meridian.outcomes.projection;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.meridian.events.ClinicEvent;
import dev.meridian.events.PatientEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.bson.Document;

/**
 * The projection's pure part without a database: course documents built by {@link CourseOutcomeProjector}, cells as
 * the sum of every course's {@link CellContributions contribution}. For unit tests of the measures.
 */
final class InMemoryProjection {

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    final Map<String, CourseOutcomeDocument> courses = new TreeMap<>();

    static InMemoryProjection of(List<ClinicEvent> events) {
        InMemoryProjection projection = new InMemoryProjection();
        events.forEach(projection::apply);
        return projection;
    }

    void apply(ClinicEvent event) {
        if (event instanceof PatientEvent) {
            return;
        }
        String courseId = CourseOutcomeProjector.courseIdOf(event);
        CourseOutcomeProjector.apply(courses.computeIfAbsent(courseId, CourseOutcomeDocument::empty), event);
    }

    CourseOutcomeDocument course(String courseId) {
        return courses.get(courseId);
    }

    /** The course documents as BSON, the shape stored and read by the analyst API. */
    List<Document> courseDocuments() {
        List<Document> documents = new ArrayList<>();
        courses.values().forEach(c -> documents.add(toBson(c)));
        return documents;
    }

    /** Cells as flat counters (zeroes left out), summed from every course's contribution. */
    Map<String, Map<String, Long>> cells() {
        Map<String, Map<String, Long>> cells = new TreeMap<>();
        for (CourseOutcomeDocument course : courses.values()) {
            CourseOutcomeDocument.CellContribution contribution = CellContributions.of(course);
            if (contribution == null) {
                continue;
            }
            Map<String, Long> cell = cells.computeIfAbsent(contribution.cell.id(), id -> new TreeMap<>());
            NestedCounters.flatten(contribution.getCounters()).forEach((k, v) -> cell.merge(k, v, Long::sum));
        }
        cells.values().forEach(cell -> cell.values().removeIf(v -> v == 0));
        return cells;
    }

    static Document toBson(Object value) {
        try {
            return Document.parse(JSON.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
