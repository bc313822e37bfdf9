package dev.meridian.outcomes.query;

import java.util.List;

/**
 * A count a summary group shows or uses as a denominator, the cell counter it is read from, and the count it is a
 * part of. A part is hidden when its parent is, and its complement (parent minus part) is protected like the part:
 * 45 responders of 50 measured courses would show 5 non-responders.
 */
record Measure(String name, String counter, String parent, boolean complement) {

    static final String COURSES = "courses";

    /** In processing order: parents before their parts. */
    static final List<Measure> ALL = List.of(
            new Measure(COURSES, "coursesOpened", null, false),
            new Measure("coursesMeasured", "coursesMeasured", COURSES, true),
            new Measure("responders", "responders", "coursesMeasured", true),
            new Measure("substantialRelief", "substantialRelief", "coursesMeasured", true),
            new Measure("coursesWithRelief", "coursesWithRelief", "coursesMeasured", true),
            new Measure("coursesClosed", "coursesClosed", COURSES, true),
            new Measure("oneSessionResolutions", "oneSessionResolutions", "coursesClosed", true),
            new Measure("coursesWithEmotionalResponse", "coursesWithEmotionalResponse", COURSES, true),
            new Measure("coursesWithEmotionalResponseAtPainOnset",
                    "coursesWithEmotionalResponseByPhase.AT_PAIN_ONSET", COURSES, true),
            new Measure("coursesWithEmotionalResponseDuringRelease",
                    "coursesWithEmotionalResponseByPhase.DURING_RELEASE", COURSES, true),
            new Measure("coursesWithEmotionalResponseAfterTreatment",
                    "coursesWithEmotionalResponseByPhase.AFTER_TREATMENT", COURSES, true),
            new Measure("coursesWithHomework", "coursesWithHomework", COURSES, true),
            // Sessions are not a part of courses, but a hidden group hides its sessions too.
            new Measure("sessionsStarted", "sessionsStarted", COURSES, false),
            new Measure("sessionsWithEmotionalResponse", "sessionsWithEmotionalResponse", "sessionsStarted", true),
            new Measure("sessionsWithRetention", "sessionsWithRetention", "sessionsStarted", true));
}
