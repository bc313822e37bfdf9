package dev.meridian.outcomes.support;

import dev.meridian.events.CancellationReason;
import dev.meridian.events.Chronicity;
import dev.meridian.events.CourseOutcome;
import dev.meridian.events.EmotionalPhase;
import dev.meridian.events.Exercise;
import dev.meridian.events.Intensity;
import dev.meridian.events.Side;
import dev.meridian.events.TraumaRelated;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Varied, reproducible clinic histories for projection tests: several locations, practitioners, months and
 * chronicities; sessions with and without psoas release, retention and emotional responses; cancellations and
 * no-shows; homework; follow-ups; every outcome, one-session resolutions, sessions completed after closing,
 * transfers and erasures.
 */
public final class Workloads {

    private static final String[] LOCATIONS = {"loc-north", "loc-south", "loc-east"};
    private static final String[] PRACTITIONERS = {"pr-1", "pr-2", "pr-3", "pr-4"};

    private Workloads() {
    }

    public static History generate(long seed, int patients) {
        Random random = new Random(seed);
        History history = new History(Instant.parse("2026-01-05T08:00:00Z"));
        for (int p = 0; p < patients; p++) {
            // Spread course openings over four months.
            history.advance(Duration.ofHours(random.nextInt(24 * 30 / Math.max(1, patients / 4))));
            addPatient(history, random);
        }
        return history;
    }

    static void addPatient(History history, Random random) {
        String location = pick(random, LOCATIONS);
        String patientId = history.registerPatient(location);
        int courses = random.nextInt(10) < 8 ? 1 : 2;
        for (int c = 0; c < courses; c++) {
            addCourse(history, random, patientId, location);
        }
        if (random.nextInt(10) == 0) {
            String to = pick(random, LOCATIONS);
            if (!to.equals(location)) {
                history.transferPatient(patientId, location, to);
            }
        }
        if (random.nextInt(15) == 0) {
            history.erasePatient(patientId, location);
        }
    }

    static void addCourse(History history, Random random, String patientId, String location) {
        Chronicity chronicity = Chronicity.values()[random.nextInt(3)];
        int baseline = 3 + random.nextInt(8);
        Integer odi = random.nextBoolean() ? 20 + random.nextInt(50) : null;
        History.Course course = history.openCourse(patientId, location, pick(random, PRACTITIONERS), chronicity,
                baseline, odi);
        boolean minorAcute = chronicity == Chronicity.ACUTE && random.nextInt(3) == 0;
        int sessions = minorAcute ? 1 : 1 + random.nextInt(chronicity == Chronicity.CHRONIC ? 6 : 4);
        int pain = baseline;
        List<History.Session> scheduledOnly = new ArrayList<>();
        List<History.Session> startedOnly = new ArrayList<>();
        for (int s = 0; s < sessions; s++) {
            History.Session session = course.scheduleSession();
            int roll = random.nextInt(12);
            if (roll == 0) {
                session.cancel(random.nextBoolean() ? CancellationReason.CANCELLED : CancellationReason.NO_SHOW);
                continue;
            }
            if (roll == 1) {
                scheduledOnly.add(session); // scheduled, never held (yet)
                continue;
            }
            session.start(pain);
            if (random.nextInt(5) > 0) {
                session.releasePsoas(Side.values()[random.nextInt(3)], random.nextBoolean());
            }
            if (random.nextInt(4) > 0) {
                session.retain(random.nextInt(5) == 0 ? 10 + random.nextInt(40) : 25);
            }
            if (random.nextInt(6) == 0) {
                session.emotionalResponse(EmotionalPhase.values()[random.nextInt(3)],
                        Intensity.values()[random.nextInt(3)], TraumaRelated.values()[random.nextInt(3)]);
                if (random.nextInt(3) == 0) {
                    session.emotionalResponse(EmotionalPhase.values()[random.nextInt(3)], Intensity.MILD,
                            TraumaRelated.UNKNOWN);
                }
            }
            if (random.nextInt(15) == 0) {
                startedOnly.add(session); // started, not completed (yet)
                continue;
            }
            pain = minorAcute ? random.nextInt(2) : Math.max(0, Math.min(10, pain - 2 + random.nextInt(3)));
            session.complete(pain);
        }
        if (random.nextInt(3) == 0) {
            course.homework(Exercise.PSOAS_STRETCH, Exercise.values()[1 + random.nextInt(4)]);
        }
        if (random.nextInt(4) == 0) {
            course.followUp(Math.max(0, pain - random.nextInt(3)), random.nextBoolean() ? random.nextInt(60) : null);
        }
        if (random.nextInt(5) > 0) {
            CourseOutcome outcome = minorAcute ? CourseOutcome.RESOLVED
                    : CourseOutcome.values()[random.nextInt(CourseOutcome.values().length)];
            course.close(outcome, pain);
            // A session scheduled before closing can still be held and completed afterwards.
            for (History.Session open : scheduledOnly) {
                if (random.nextBoolean()) {
                    open.start(pain).complete(Math.max(0, pain - 1));
                }
            }
            for (History.Session open : startedOnly) {
                if (random.nextBoolean()) {
                    open.complete(Math.max(0, pain - 1));
                }
            }
        }
    }

    private static String pick(Random random, String[] values) {
        return values[random.nextInt(values.length)];
    }
}
