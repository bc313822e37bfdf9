package dev.meridian.outcomes.projection;

import dev.meridian.events.CourseOutcome;
import dev.meridian.outcomes.projection.CourseOutcomeDocument.EmotionalResponse;
import dev.meridian.outcomes.projection.CourseOutcomeDocument.EmotionalResponses;
import dev.meridian.outcomes.projection.CourseOutcomeDocument.FollowUp;
import dev.meridian.outcomes.projection.CourseOutcomeDocument.PainSource;
import dev.meridian.outcomes.projection.CourseOutcomeDocument.PsoasReleases;
import dev.meridian.outcomes.projection.CourseOutcomeDocument.SessionOutcome;
import dev.meridian.outcomes.projection.CourseOutcomeDocument.SessionStatus;
import dev.meridian.events.Side;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * The outcome measures of DOMAIN.md "Outcome measures the projections compute", derived from a course
 * document's raw facts. Thresholds: responder (MCID for low back pain, Ostelo et al. 2008) a reduction of at least
 * 2 points and at least 30 % of baseline NRS; ODI responder 10 points or 30 %; substantial relief at least 50 %
 * (IMMPACT, Dworkin et al. 2008); recovered NRS 0.
 */
public final class OutcomeMeasures {

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

    static void recompute(CourseOutcomeDocument doc) {
        recomputeSessions(doc);
        recomputeLatest(doc);

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
            doc.sessionsToRelief = completedInOrder(doc).stream()
                    .filter(s -> isResponder(baseline, s.postPain))
                    .map(s -> s.sessionNumber)
                    .findFirst().orElse(null);
        }
        doc.oneSessionResolution = doc.closed && doc.outcome == CourseOutcome.RESOLVED && doc.sessionsCompleted == 1;
    }

    private static void recomputeSessions(CourseOutcomeDocument doc) {
        List<SessionOutcome> completed = doc.sessions.values().stream()
                .filter(s -> s.status == SessionStatus.COMPLETED)
                .sorted(Comparator.comparing((SessionOutcome s) -> s.completedAt).thenComparing(s -> s.sessionId))
                .toList();
        doc.sessions.values().forEach(s -> s.sessionNumber = null);
        for (int i = 0; i < completed.size(); i++) {
            completed.get(i).sessionNumber = i + 1;
        }

        doc.sessionsScheduled = doc.sessions.size();
        doc.sessionsStarted = (int) doc.sessions.values().stream()
                .filter(s -> s.status == SessionStatus.STARTED || s.status == SessionStatus.COMPLETED).count();
        doc.sessionsCompleted = completed.size();
        doc.sessionsCancelled = (int) doc.sessions.values().stream()
                .filter(s -> s.status == SessionStatus.CANCELLED).count();

        PsoasReleases psoas = new PsoasReleases();
        EmotionalResponses emotional = new EmotionalResponses();
        int retentionTotal = 0;
        int sessionsWithRetention = 0;
        for (SessionOutcome s : doc.sessions.values()) {
            for (Side side : s.psoasReleases) {
                psoas.count++;
                psoas.sides.merge(side.name(), 1, Integer::sum);
            }
            psoas.localTwitchResponses += s.localTwitchResponses;
            if (!s.psoasReleases.isEmpty()) {
                psoas.sessions++;
            }
            retentionTotal += s.retentionMinutes;
            if (s.retentionMinutes > 0) {
                sessionsWithRetention++;
            }
            for (EmotionalResponse r : s.emotionalResponses) {
                emotional.count++;
                emotional.phases.merge(r.phase.name(), 1, Integer::sum);
                emotional.intensities.merge(r.intensity.name(), 1, Integer::sum);
                emotional.traumaRelated.merge(r.traumaRelated.name(), 1, Integer::sum);
            }
            if (!s.emotionalResponses.isEmpty()) {
                emotional.sessions++;
            }
        }
        doc.psoasReleases = psoas;
        doc.emotionalResponses = emotional;
        doc.retentionMinutesTotal = retentionTotal;
        doc.sessionsWithRetention = sessionsWithRetention;
    }

    /** The latest post-session or follow-up NRS by event time; a follow-up wins a tie with a session. */
    private static void recomputeLatest(CourseOutcomeDocument doc) {
        Integer latest = null;
        PainSource source = null;
        Instant at = null;
        for (SessionOutcome s : completedInOrder(doc)) {
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

    private static List<SessionOutcome> completedInOrder(CourseOutcomeDocument doc) {
        return doc.sessions.values().stream()
                .filter(s -> s.sessionNumber != null)
                .sorted(Comparator.comparing((SessionOutcome s) -> s.sessionNumber))
                .toList();
    }
}
