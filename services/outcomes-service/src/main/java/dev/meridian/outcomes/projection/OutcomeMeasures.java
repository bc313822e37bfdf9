package dev.meridian.outcomes.projection;

import dev.meridian.events.CourseOutcome;
import dev.meridian.events.EmotionalPhase;
import dev.meridian.events.Intensity;
import dev.meridian.events.Side;
import dev.meridian.events.TraumaRelated;
import dev.meridian.outcomes.projection.CourseOutcomeDocument.EmotionalResponse;
import dev.meridian.outcomes.projection.CourseOutcomeDocument.EmotionalResponses;
import dev.meridian.outcomes.projection.CourseOutcomeDocument.FollowUp;
import dev.meridian.outcomes.projection.CourseOutcomeDocument.PainSource;
import dev.meridian.outcomes.projection.CourseOutcomeDocument.PsoasReleases;
import dev.meridian.outcomes.projection.CourseOutcomeDocument.SessionOutcome;
import dev.meridian.outcomes.projection.CourseOutcomeDocument.SessionStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The outcome measures of DOMAIN.md "Outcome measures the projections compute", derived from a course
 * document's raw facts. Thresholds: responder (MCID for low back pain, Ostelo et al. 2008) a reduction of at least
 * 2 points and at least 30 % of baseline NRS; ODI responder 10 points or 30 %; substantial relief at least 50 %
 * (IMMPACT, Dworkin et al. 2008); recovered NRS 0.
 */
public final class OutcomeMeasures {

    private static final Side[] SIDES = Side.values();
    private static final EmotionalPhase[] PHASES = EmotionalPhase.values();
    private static final Intensity[] INTENSITIES = Intensity.values();
    private static final TraumaRelated[] TRAUMA = TraumaRelated.values();
    private static final Comparator<SessionOutcome> BY_COMPLETION =
            Comparator.comparing((SessionOutcome s) -> s.completedAt).thenComparing(s -> s.sessionId);

    private OutcomeMeasures() {
    }

    /** MCID on the 0-10 NRS: at least 2 points and at least 30 % of baseline (integer arithmetic, no rounding). */
    public static boolean isResponder(int baseline, int latest) {
        int reduction = baseline - latest;
        return reduction >= 2 && reduction * 10 >= baseline * 3;
    }

    public static boolean isSubstantialRelief(int baseline, int latest) {
        int reduction = baseline - latest;
        return reduction > 0 && reduction * 2 >= baseline;
    }

    public static boolean isOdiResponder(int baseline, int latest) {
        int reduction = baseline - latest;
        return reduction >= 10 || (reduction > 0 && reduction * 10 >= baseline * 3);
    }

    /**
     * Derives every measure from the document's raw facts. Runs after each event (a rebuild: tens of thousands a
     * second), so it makes one pass over the sessions, sorts the completed ones once and reuses the document's
     * counter maps: it allocated four maps and sorted three times per event before (a fifth of a rebuild's
     * consuming thread, JFR 2026-12-03). The result is what a fresh computation gives.
     */
    static void recompute(CourseOutcomeDocument doc) {
        List<SessionOutcome> completed = recomputeSessions(doc);
        recomputeLatest(doc, completed);

        Integer baseline = doc.baselinePain;
        Integer latest = doc.latestPain;
        if (baseline != null && latest != null) {
            doc.painChange = baseline - latest;
            doc.painChangePercent = baseline == 0 ? null : 100.0 * doc.painChange / baseline;
            doc.responder = isResponder(baseline, latest);
            doc.substantialRelief = isSubstantialRelief(baseline, latest);
        } else {
            doc.painChange = null;
            doc.painChangePercent = null;
            doc.responder = false;
            doc.substantialRelief = false;
        }
        doc.recovered = latest != null && latest == 0;

        if (doc.baselineOdi != null && doc.latestOdi != null) {
            doc.odiChange = doc.baselineOdi - doc.latestOdi;
            doc.odiResponder = isOdiResponder(doc.baselineOdi, doc.latestOdi);
        } else {
            doc.odiChange = null;
            doc.odiResponder = false;
        }

        doc.sessionsToRelief = null;
        if (baseline != null) {
            for (SessionOutcome s : completed) {
                if (isResponder(baseline, s.postPain)) {
                    doc.sessionsToRelief = s.sessionNumber;
                    break;
                }
            }
        }
        doc.oneSessionResolution = doc.closed && doc.outcome == CourseOutcome.RESOLVED && doc.sessionsCompleted == 1;
    }

    /** Session numbers and counters; returns the completed sessions in session-number order. */
    private static List<SessionOutcome> recomputeSessions(CourseOutcomeDocument doc) {
        List<SessionOutcome> completed = new ArrayList<>();
        int started = 0;
        int cancelled = 0;
        int psoasCount = 0;
        int psoasSessions = 0;
        int twitches = 0;
        int[] sides = new int[SIDES.length];
        int emotionalCount = 0;
        int emotionalSessions = 0;
        int[] phases = new int[PHASES.length];
        int[] intensities = new int[INTENSITIES.length];
        int[] trauma = new int[TRAUMA.length];
        int retentionTotal = 0;
        int sessionsWithRetention = 0;
        for (SessionOutcome s : doc.sessions.values()) {
            s.sessionNumber = null;
            if (s.status == SessionStatus.COMPLETED) {
                completed.add(s);
            }
            if (s.status == SessionStatus.STARTED || s.status == SessionStatus.COMPLETED) {
                started++;
            }
            if (s.status == SessionStatus.CANCELLED) {
                cancelled++;
            }
            for (Side side : s.psoasReleases) {
                psoasCount++;
                sides[side.ordinal()]++;
            }
            twitches += s.localTwitchResponses;
            if (!s.psoasReleases.isEmpty()) {
                psoasSessions++;
            }
            retentionTotal += s.retentionMinutes;
            if (s.retentionMinutes > 0) {
                sessionsWithRetention++;
            }
            for (EmotionalResponse r : s.emotionalResponses) {
                emotionalCount++;
                phases[r.phase.ordinal()]++;
                intensities[r.intensity.ordinal()]++;
                trauma[r.traumaRelated.ordinal()]++;
            }
            if (!s.emotionalResponses.isEmpty()) {
                emotionalSessions++;
            }
        }
        completed.sort(BY_COMPLETION);
        for (int i = 0; i < completed.size(); i++) {
            completed.get(i).sessionNumber = i + 1;
        }

        doc.sessionsScheduled = doc.sessions.size();
        doc.sessionsStarted = started;
        doc.sessionsCompleted = completed.size();
        doc.sessionsCancelled = cancelled;

        PsoasReleases psoas = doc.psoasReleases != null ? doc.psoasReleases : new PsoasReleases();
        psoas.count = psoasCount;
        psoas.sessions = psoasSessions;
        psoas.localTwitchResponses = twitches;
        psoas.sides = counted(psoas.sides, SIDES, sides);
        EmotionalResponses emotional = doc.emotionalResponses != null ? doc.emotionalResponses
                : new EmotionalResponses();
        emotional.count = emotionalCount;
        emotional.sessions = emotionalSessions;
        emotional.phases = counted(emotional.phases, PHASES, phases);
        emotional.intensities = counted(emotional.intensities, INTENSITIES, intensities);
        emotional.traumaRelated = counted(emotional.traumaRelated, TRAUMA, trauma);
        doc.psoasReleases = psoas;
        doc.emotionalResponses = emotional;
        doc.retentionMinutesTotal = retentionTotal;
        doc.sessionsWithRetention = sessionsWithRetention;
        return completed;
    }

    /**
     * One count per enum value, keyed by name in declaration order: {@code map} itself when it has exactly those
     * keys in that order (its values replaced), else a new map.
     */
    private static Map<String, Integer> counted(Map<String, Integer> map, Enum<?>[] values, int[] counts) {
        Map<String, Integer> result = hasKeysInOrder(map, values) ? map : new LinkedHashMap<>();
        for (int i = 0; i < values.length; i++) {
            result.put(values[i].name(), counts[i]);
        }
        return result;
    }

    private static boolean hasKeysInOrder(Map<String, Integer> map, Enum<?>[] values) {
        if (map == null || map.size() != values.length) {
            return false;
        }
        int i = 0;
        for (String key : map.keySet()) {
            if (!values[i++].name().equals(key)) {
                return false;
            }
        }
        return true;
    }

    /** The latest post-session or follow-up NRS by event time; a follow-up wins a tie with a session. */
    private static void recomputeLatest(CourseOutcomeDocument doc, List<SessionOutcome> completedInOrder) {
        Integer latest = null;
        PainSource source = null;
        Instant at = null;
        for (SessionOutcome s : completedInOrder) {
            if (at == null || !s.completedAt.isBefore(at)) {
                latest = s.postPain;
                source = PainSource.SESSION;
                at = s.completedAt;
            }
        }
        Integer latestOdi = null;
        for (FollowUp f : doc.followUps) {
            if (at == null || !f.recordedAt.isBefore(at)) {
                latest = f.pain;
                source = PainSource.FOLLOW_UP;
                at = f.recordedAt;
            }
            if (f.odi != null) {
                latestOdi = f.odi;
            }
        }
        doc.latestPain = latest;
        doc.latestPainSource = source;
        doc.latestPainAt = at;
        doc.latestOdi = latestOdi;
    }
}
