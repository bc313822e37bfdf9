package dev.meridian.outcomes.projection;

import dev.meridian.events.CourseOutcome;
import dev.meridian.events.EmotionalPhase;
import dev.meridian.outcomes.projection.CourseOutcomeDocument.CellChange;
import dev.meridian.outcomes.projection.CourseOutcomeDocument.CellContribution;
import dev.meridian.outcomes.projection.CourseOutcomeDocument.EmotionalResponse;
import dev.meridian.outcomes.projection.CourseOutcomeDocument.SessionOutcome;
import dev.meridian.outcomes.projection.CourseOutcomeDocument.SessionStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What one course adds to its dashboard cell, as a pure function of the course document, and the difference
 * between two such contributions. Cells change only by these differences, so a course state that did not change
 * changes no cell.
 */
public final class CellContributions {

    /** Scalar counters every cell starts with at 0 (histogram buckets appear when first counted). */
    public static final List<String> SCALAR_COUNTERS;

    static {
        List<String> names = new ArrayList<>(List.of("coursesOpened", "baselinePainSum", "coursesClosed",
                "coursesMeasured", "painChangeSum", "responders", "substantialRelief", "recovered", "odiMeasured",
                "odiResponders", "coursesWithRelief", "oneSessionResolutions", "coursesWithEmotionalResponse",
                "coursesWithTraumaRelatedResponse", "coursesWithHomework", "sessionsStarted", "sessionsCompleted",
                "sessionsCancelled", "sessionsWithEmotionalResponse", "sessionsWithPsoasRelease",
                "sessionsWithRetention", "retentionMinutesSum"));
        for (CourseOutcome outcome : CourseOutcome.values()) {
            names.add("outcomes." + outcome.name());
        }
        for (EmotionalPhase phase : EmotionalPhase.values()) {
            names.add("coursesWithEmotionalResponseByPhase." + phase.name());
            names.add("sessionsWithEmotionalResponseByPhase." + phase.name());
        }
        SCALAR_COUNTERS = List.copyOf(names);
    }

    // The counters' names, made once: the projection builds a course's counters at every event it applies (a
    // rebuild's consumer spent a sixth of its allocations concatenating them, JFR 2026-12-04).
    private static final String[] OUTCOMES = names("outcomes.", CourseOutcome.values());
    private static final String[] COURSES_BY_PHASE = names("coursesWithEmotionalResponseByPhase.",
            EmotionalPhase.values());
    private static final String[] SESSIONS_BY_PHASE = names("sessionsWithEmotionalResponseByPhase.",
            EmotionalPhase.values());
    private static final BucketNames BASELINE_PAIN = new BucketNames("histograms.baselinePain.");
    private static final BucketNames PAIN_CHANGE = new BucketNames("histograms.painChange.");
    private static final BucketNames SESSIONS_TO_RELIEF = new BucketNames("histograms.sessionsToRelief.");
    private static final BucketNames RETENTION_MINUTES = new BucketNames("histograms.retentionMinutes.");

    private CellContributions() {
    }

    private static String[] names(String prefix, Enum<?>[] values) {
        String[] names = new String[values.length];
        for (Enum<?> value : values) {
            names[value.ordinal()] = prefix + value.name();
        }
        return names;
    }

    /** A histogram's bucket names, each made when first asked for (values outside a small range every time). */
    private static final class BucketNames {
        private static final int SMALLEST = -128;
        private final String prefix;
        /** Written without a lock: a racing thread makes an equal string, and a string is safe to share so. */
        private final String[] names = new String[256];

        BucketNames(String prefix) {
            this.prefix = prefix;
        }

        String of(int value) {
            int index = value - SMALLEST;
            if (index < 0 || index >= names.length) {
                return prefix + value;
            }
            String name = names[index];
            if (name == null) {
                name = prefix + value;
                names[index] = name;
            }
            return name;
        }
    }

    /** The course's contribution, or null while the course's opening (and so its cell) is unknown. */
    public static CellContribution of(CourseOutcomeDocument doc) {
        Map<String, Long> flat = flatCounters(doc);
        return flat == null ? null : CellContribution.ofFlat(keyOf(doc), flat);
    }

    /**
     * The course's contribution when it differs from {@code current} (its cell or a counter), else {@code current}
     * itself: most events change a course's counters little or not at all, and the per-event check then builds no
     * nested maps (the rebuild's projection spent most of its time there, profiled).
     */
    static CellContribution ofIfChanged(CourseOutcomeDocument doc, CellContribution current) {
        Map<String, Long> flat = flatCounters(doc);
        if (flat == null) {
            return current; // not opened: null before as well (an opening is never undone)
        }
        if (current != null && current.cell != null && current.cell.equals(keyOf(doc))
                && flatOf(current).equals(flat)) {
            return current;
        }
        return CellContribution.ofFlat(keyOf(doc), flat);
    }

    private static CellKey keyOf(CourseOutcomeDocument doc) {
        return new CellKey(doc.locationId, doc.practitionerId, doc.openingMonth, doc.chronicity);
    }

    /** The contribution's counters as dotted paths (not to be changed). */
    private static Map<String, Long> flatOf(CellContribution contribution) {
        return contribution.flat != null ? contribution.flat : NestedCounters.flatten(contribution.getCounters());
    }

    /** The counters as dotted paths, zeroes left out; null while the course is not opened. */
    private static Map<String, Long> flatCounters(CourseOutcomeDocument doc) {
        if (!doc.opened) {
            return null;
        }
        Map<String, Long> c = new LinkedHashMap<>();
        add(c, "coursesOpened", 1);
        add(c, "baselinePainSum", doc.baselinePain);
        add(c, BASELINE_PAIN.of(doc.baselinePain), 1);
        if (doc.closed) {
            add(c, "coursesClosed", 1);
            add(c, OUTCOMES[doc.outcome.ordinal()], 1);
        }
        if (doc.painChange != null) {
            add(c, "coursesMeasured", 1);
            add(c, "painChangeSum", doc.painChange);
            add(c, PAIN_CHANGE.of(doc.painChange), 1);
        }
        add(c, "responders", doc.responder ? 1 : 0);
        add(c, "substantialRelief", doc.substantialRelief ? 1 : 0);
        add(c, "recovered", doc.recovered ? 1 : 0);
        if (doc.odiChange != null) {
            add(c, "odiMeasured", 1);
            add(c, "odiResponders", doc.odiResponder ? 1 : 0);
        }
        if (doc.sessionsToRelief != null) {
            add(c, "coursesWithRelief", 1);
            add(c, SESSIONS_TO_RELIEF.of(doc.sessionsToRelief), 1);
        }
        add(c, "oneSessionResolutions", doc.oneSessionResolution ? 1 : 0);
        add(c, "coursesWithHomework", doc.homework.assigned ? 1 : 0);

        Set<EmotionalPhase> coursePhases = new LinkedHashSet<>();
        boolean traumaRelated = false;
        for (SessionOutcome s : doc.sessions.values()) {
            if (s.status == SessionStatus.STARTED || s.status == SessionStatus.COMPLETED) {
                add(c, "sessionsStarted", 1);
            }
            if (s.status == SessionStatus.COMPLETED) {
                add(c, "sessionsCompleted", 1);
            }
            if (s.status == SessionStatus.CANCELLED) {
                add(c, "sessionsCancelled", 1);
            }
            if (!s.psoasReleases.isEmpty()) {
                add(c, "sessionsWithPsoasRelease", 1);
            }
            if (s.retentionMinutes > 0) {
                add(c, "sessionsWithRetention", 1);
                add(c, "retentionMinutesSum", s.retentionMinutes);
                add(c, RETENTION_MINUTES.of(s.retentionMinutes), 1);
            }
            if (s.emotionalResponses.isEmpty()) {
                continue; // most sessions: no set to build
            }
            Set<EmotionalPhase> sessionPhases = new LinkedHashSet<>();
            for (EmotionalResponse r : s.emotionalResponses) {
                sessionPhases.add(r.phase);
                traumaRelated |= r.traumaRelated == dev.meridian.events.TraumaRelated.YES;
            }
            add(c, "sessionsWithEmotionalResponse", 1);
            for (EmotionalPhase phase : sessionPhases) {
                add(c, SESSIONS_BY_PHASE[phase.ordinal()], 1);
            }
            coursePhases.addAll(sessionPhases);
        }
        if (doc.emotionalResponses.count > 0) {
            add(c, "coursesWithEmotionalResponse", 1);
        }
        for (EmotionalPhase phase : coursePhases) {
            add(c, COURSES_BY_PHASE[phase.ordinal()], 1);
        }
        add(c, "coursesWithTraumaRelatedResponse", traumaRelated ? 1 : 0);

        c.values().removeIf(v -> v == 0);
        return c;
    }

    /**
     * The cell changes that turn {@code before} into {@code after}: per cell, the counters' differences (zeroes
     * left out). Empty when the contributions are equal.
     */
    public static List<CellChange> difference(CellContribution before, CellContribution after) {
        Map<CellKey, Map<String, Long>> byCell = new LinkedHashMap<>();
        if (before != null) {
            Map<String, Long> cell = byCell.computeIfAbsent(before.cell, k -> new LinkedHashMap<>());
            flatOf(before).forEach((k, v) -> cell.merge(k, -v, Long::sum));
        }
        if (after != null) {
            Map<String, Long> cell = byCell.computeIfAbsent(after.cell, k -> new LinkedHashMap<>());
            flatOf(after).forEach((k, v) -> cell.merge(k, v, Long::sum));
        }
        List<CellChange> changes = new ArrayList<>();
        byCell.forEach((cell, increments) -> {
            increments.values().removeIf(v -> v == 0);
            if (!increments.isEmpty()) {
                changes.add(new CellChange(cell, NestedCounters.nest(increments)));
            }
        });
        return changes;
    }

    /**
     * How a change moves the course in its cell's course list: +1 it opens the course there ({@code coursesOpened
     * +1}: listed), -1 it takes it out (unlisted), 0 neither.
     */
    static long coursesOpenedDelta(CellChange change) {
        Object opened = change.increments.get("coursesOpened");
        return opened instanceof Number n ? Long.signum(n.longValue()) : 0;
    }

    private static void add(Map<String, Long> counters, String name, long value) {
        counters.merge(Objects.requireNonNull(name), value, Long::sum);
    }
}
