package dev.meridian.outcomes.projection;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.meridian.events.Chronicity;
import dev.meridian.events.CourseOutcome;
import dev.meridian.events.EmotionalPhase;
import dev.meridian.events.Exercise;
import dev.meridian.events.Intensity;
import dev.meridian.events.OnsetTrigger;
import dev.meridian.events.PainLocation;
import dev.meridian.events.Side;
import dev.meridian.events.TraumaRelated;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One treatment course's outcome, as stored in {@code course_outcomes} (field meanings: docs/read-models.md).
 * A plain mutable shape on purpose: the projector changes it in place and Jackson maps it to and from BSON.
 */
public class CourseOutcomeDocument {

    @JsonProperty("_id")
    public String id;
    public String courseId;
    public String patientId;
    public boolean opened;
    public String locationId;
    public String practitionerId;
    public Chronicity chronicity;
    public PainLocation painLocation;
    public OnsetTrigger trigger;
    public Instant openedAt;
    public LocalDate openedOn;
    public String openingMonth;
    public Integer baselinePain;
    public Integer baselineOdi;

    public Map<String, SessionOutcome> sessions = new TreeMap<>();
    public int sessionsScheduled;
    public int sessionsStarted;
    public int sessionsCompleted;
    public int sessionsCancelled;
    public PsoasReleases psoasReleases = new PsoasReleases();
    public int retentionMinutesTotal;
    public int sessionsWithRetention;
    public EmotionalResponses emotionalResponses = new EmotionalResponses();
    public Homework homework = new Homework();
    public List<FollowUp> followUps = new ArrayList<>();

    public Integer latestPain;
    public PainSource latestPainSource;
    public Instant latestPainAt;
    public Integer latestOdi;
    public Integer painChange;
    public Double painChangePercent;
    public boolean responder;
    public boolean substantialRelief;
    public boolean recovered;
    public Integer odiChange;
    public boolean odiResponder;
    public Integer sessionsToRelief;

    public boolean closed;
    public CourseOutcome outcome;
    public Integer closingPain;
    public Instant closedAt;
    public LocalDate closedOn;
    public boolean oneSessionResolution;
    public Instant lastEventAt;

    /** Aggregate id -> last applied sequence (the course's stream and each session's). */
    public Map<String, Long> applied = new TreeMap<>();

    /** What this course currently adds to the dashboard cells (nested counters), or null for nothing. */
    public CellContribution cellContribution;
    public long cellVersion;
    public PendingCellChange pendingCellChange;

    public CourseOutcomeDocument() {
    }

    public static CourseOutcomeDocument empty(String courseId) {
        CourseOutcomeDocument doc = new CourseOutcomeDocument();
        doc.id = courseId;
        doc.courseId = courseId;
        return doc;
    }

    public Long appliedSequence(String aggregateId) {
        return applied.get(aggregateId);
    }

    public enum PainSource { SESSION, FOLLOW_UP }

    public enum SessionStatus { SCHEDULED, STARTED, COMPLETED, CANCELLED }

    public static class SessionOutcome {
        public String sessionId;
        public Integer sessionNumber;
        public SessionStatus status;
        public String practitionerId;
        public Instant scheduledAt;
        public Instant startedAt;
        public Instant completedAt;
        public Instant cancelledAt;
        public dev.meridian.events.CancellationReason cancellationReason;
        public Integer prePain;
        public Integer postPain;
        public List<Side> psoasReleases = new ArrayList<>();
        public int localTwitchResponses;
        public int retentionMinutes;
        public List<EmotionalResponse> emotionalResponses = new ArrayList<>();
    }

    public static class EmotionalResponse {
        public EmotionalPhase phase;
        public Intensity intensity;
        public TraumaRelated traumaRelated;

        public EmotionalResponse() {
        }

        public EmotionalResponse(EmotionalPhase phase, Intensity intensity, TraumaRelated traumaRelated) {
            this.phase = phase;
            this.intensity = intensity;
            this.traumaRelated = traumaRelated;
        }
    }

    public static class PsoasReleases {
        public int count;
        public int sessions;
        public int localTwitchResponses;
        public Map<String, Integer> sides = zeroes(Side.values());
    }

    public static class EmotionalResponses {
        public int count;
        public int sessions;
        public Map<String, Integer> phases = zeroes(EmotionalPhase.values());
        public Map<String, Integer> intensities = zeroes(Intensity.values());
        public Map<String, Integer> traumaRelated = zeroes(TraumaRelated.values());
    }

    public static class Homework {
        public boolean assigned;
        public int assignments;
        public List<Exercise> exercises = new ArrayList<>();
    }

    public static class FollowUp {
        public LocalDate measuredOn;
        public int pain;
        public Integer odi;
        public Instant recordedAt;

        public FollowUp() {
        }

        public FollowUp(LocalDate measuredOn, int pain, Integer odi, Instant recordedAt) {
            this.measuredOn = measuredOn;
            this.pain = pain;
            this.odi = odi;
            this.recordedAt = recordedAt;
        }
    }

    /** The counters one course adds to one cell; {@code counters} is nested like the cell document. */
    public static class CellContribution {
        public CellKey cell;
        /** Nested as stored; null until first asked for when this contribution was computed here (from flat). */
        private Map<String, Object> counters = new LinkedHashMap<>();
        /**
         * The counters as dotted paths when this contribution was computed here ({@link CellContributions#of}), not
         * stored: comparing and differencing contributions per event then needs no flattening. Null when read.
         */
        @JsonIgnore
        transient Map<String, Long> flat;

        public CellContribution() {
        }

        public CellContribution(CellKey cell, Map<String, Object> counters) {
            this.cell = cell;
            this.counters = counters;
        }

        /**
         * A contribution computed here: its nested counters are built when first asked for (when it is stored), not
         * per event (a rebuild holds a course over many events and stores it once; nesting per event was a tenth of
         * its consuming thread, JFR 2026-12-03).
         */
        static CellContribution ofFlat(CellKey cell, Map<String, Long> flat) {
            CellContribution contribution = new CellContribution(cell, null);
            contribution.flat = flat;
            return contribution;
        }

        @JsonProperty("counters")
        public Map<String, Object> getCounters() {
            if (counters == null) {
                counters = NestedCounters.nest(flat);
            }
            return counters;
        }

        @JsonProperty("counters")
        public void setCounters(Map<String, Object> counters) {
            this.counters = counters;
        }
    }

    /** A cell update recorded in the course document before it is applied to the cells. */
    public static class PendingCellChange {
        public long version;
        public List<CellChange> changes = new ArrayList<>();

        public PendingCellChange() {
        }

        public PendingCellChange(long version, List<CellChange> changes) {
            this.version = version;
            this.changes = changes;
        }
    }

    public static class CellChange {
        public CellKey cell;
        /** Nested increments, e.g. {@code {responders: 1, histograms: {painChange: {"3": 1}}}}. */
        public Map<String, Object> increments = new LinkedHashMap<>();

        public CellChange() {
        }

        public CellChange(CellKey cell, Map<String, Object> increments) {
            this.cell = cell;
            this.increments = increments;
        }
    }

    static <E extends Enum<E>> Map<String, Integer> zeroes(E[] values) {
        Map<String, Integer> map = new LinkedHashMap<>();
        for (E value : values) {
            map.put(value.name(), 0);
        }
        return map;
    }
}
