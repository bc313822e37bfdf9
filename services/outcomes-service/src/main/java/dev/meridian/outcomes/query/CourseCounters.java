package dev.meridian.outcomes.query;

import dev.meridian.events.EmotionalPhase;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;

/**
 * What one {@code course_outcomes} document counts for, named like the {@code dashboard_cells} counters
 * (docs/read-models.md), so that a summary computed from courses and one merged from cells are the same sums. Built
 * from the documented fields only; a test checks it against the cells the projection keeps.
 */
final class CourseCounters {

    private CourseCounters() {
    }

    static Unit unit(Document course) {
        Map<Dimension, String> keys = new EnumMap<>(Dimension.class);
        keys.put(Dimension.LOCATION, course.getString("locationId"));
        keys.put(Dimension.PRACTITIONER, course.getString("practitionerId"));
        keys.put(Dimension.MONTH, course.getString("openingMonth"));
        keys.put(Dimension.CHRONICITY, course.getString("chronicity"));
        keys.put(Dimension.RETENTION, RetentionBand.of(course).label());
        return new Unit(keys, counters(course));
    }

    static Map<String, Long> counters(Document course) {
        Map<String, Long> c = new LinkedHashMap<>();
        add(c, "coursesOpened", 1);
        add(c, "baselinePainSum", number(course.get("baselinePain")));
        if (Boolean.TRUE.equals(course.getBoolean("closed"))) {
            add(c, "coursesClosed", 1);
        }
        Object painChange = course.get("painChange");
        if (painChange != null) {
            add(c, "coursesMeasured", 1);
            add(c, "painChangeSum", number(painChange));
            add(c, "histograms.painChange." + number(painChange), 1);
        }
        add(c, "responders", flag(course, "responder"));
        add(c, "substantialRelief", flag(course, "substantialRelief"));
        Object sessionsToRelief = course.get("sessionsToRelief");
        if (sessionsToRelief != null) {
            add(c, "coursesWithRelief", 1);
            add(c, "histograms.sessionsToRelief." + number(sessionsToRelief), 1);
        }
        add(c, "oneSessionResolutions", flag(course, "oneSessionResolution"));
        Document homework = course.get("homework", Document.class);
        add(c, "coursesWithHomework", homework != null && Boolean.TRUE.equals(homework.getBoolean("assigned")) ? 1 : 0);

        Document emotional = course.get("emotionalResponses", Document.class);
        if (emotional != null && number(emotional.get("count")) > 0) {
            add(c, "coursesWithEmotionalResponse", 1);
            Document phases = emotional.get("phases", Document.class);
            for (EmotionalPhase phase : EmotionalPhase.values()) {
                if (phases != null && number(phases.get(phase.name())) > 0) {
                    add(c, "coursesWithEmotionalResponseByPhase." + phase.name(), 1);
                }
            }
        }
        Document sessions = course.get("sessions", Document.class);
        if (sessions != null) {
            for (Object value : sessions.values()) {
                Document session = (Document) value;
                String status = session.getString("status");
                if ("STARTED".equals(status) || "COMPLETED".equals(status)) {
                    add(c, "sessionsStarted", 1);
                }
                List<?> responses = session.getList("emotionalResponses", Object.class);
                if (responses != null && !responses.isEmpty()) {
                    add(c, "sessionsWithEmotionalResponse", 1);
                }
                long minutes = number(session.get("retentionMinutes"));
                if (minutes > 0) {
                    add(c, "sessionsWithRetention", 1);
                    add(c, "retentionMinutesSum", minutes);
                    add(c, "histograms.retentionMinutes." + minutes, 1);
                }
            }
        }
        c.values().removeIf(v -> v == 0);
        return c;
    }

    static long number(Object value) {
        return value == null ? 0 : ((Number) value).longValue();
    }

    private static long flag(Document doc, String field) {
        return Boolean.TRUE.equals(doc.getBoolean(field)) ? 1 : 0;
    }

    private static void add(Map<String, Long> counters, String name, long value) {
        counters.merge(name, value, Long::sum);
    }
}
