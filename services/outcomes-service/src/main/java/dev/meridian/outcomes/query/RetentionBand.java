package dev.meridian.outcomes.query;

import org.bson.Document;

/**
 * A course's mean retention per session with retained needles, in bands around the seed's practice of about 25
 * minutes. A band, not the minutes, so that a group stays large enough to show.
 */
public enum RetentionBand {
    NONE("none"), UNDER_20("1-19"), FROM_20("20-24"), FROM_25("25-29"), FROM_30("30+");

    private final String label;

    RetentionBand(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    static RetentionBand of(Document course) {
        long total;
        long withRetention;
        if (course.get("sessionsWithRetention") instanceof Number sessionsWith) {
            // The projection's own sums (OutcomeMeasures): the course list reads them without the sessions.
            total = CourseCounters.number(course.get("retentionMinutesTotal"));
            withRetention = sessionsWith.longValue();
        } else {
            total = 0;
            withRetention = 0;
            Document sessions = course.get("sessions", Document.class);
            if (sessions != null) {
                for (Object value : sessions.values()) {
                    long minutes = CourseCounters.number(((Document) value).get("retentionMinutes"));
                    if (minutes > 0) {
                        total += minutes;
                        withRetention++;
                    }
                }
            }
        }
        if (withRetention == 0) {
            return NONE;
        }
        double mean = (double) total / withRetention;
        if (mean < 20) {
            return UNDER_20;
        }
        if (mean < 25) {
            return FROM_20;
        }
        return mean < 30 ? FROM_25 : FROM_30;
    }
}
