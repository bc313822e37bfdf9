package dev.meridian.outcomes.query;

import dev.meridian.events.CancellationReason;
import dev.meridian.events.Chronicity;
import dev.meridian.events.CourseOutcome;
import dev.meridian.events.EmotionalPhase;
import dev.meridian.events.Exercise;
import dev.meridian.events.Intensity;
import dev.meridian.events.TraumaRelated;
import dev.meridian.outcomes.support.History;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Random;

/**
 * A small clinic network for the API and browser tests, from event histories (so course documents and cells agree):
 * three locations over six months of 2026 with about 900 courses, plus {@code loc-small}, whose four chronic courses
 * must never be shown. Seeded: the same data every run.
 */
final class DemoNetwork {

    static final String[] LOCATIONS = {"loc-north", "loc-south", "loc-east"};
    static final String SMALL_LOCATION = "loc-small";
    static final int SMALL_LOCATION_COURSES = 4;

    private DemoNetwork() {
    }

    static ReadModelFixtures.Projected build() {
        Random random = new Random(20261123);
        History h = new History();
        for (int month = 1; month <= 6; month++) {
            for (int l = 0; l < LOCATIONS.length; l++) {
                int courses = 40 + random.nextInt(20);
                for (int i = 0; i < courses; i++) {
                    Chronicity chronicity = i % 5 < 3 ? Chronicity.CHRONIC : i % 5 == 3 ? Chronicity.ACUTE
                            : Chronicity.SUBACUTE;
                    String practitioner = "pr-" + LOCATIONS[l].substring(4) + "-" + (i % 2 + 1);
                    h.at(Instant.parse(LocalDate.of(2026, month, 1 + random.nextInt(27))
                            .atTime(9, 0).toInstant(ZoneOffset.UTC).toString()));
                    course(h, random, LOCATIONS[l], practitioner, chronicity, l);
                }
            }
        }
        for (int i = 0; i < SMALL_LOCATION_COURSES; i++) {
            h.at(Instant.parse("2026-04-1" + i + "T09:00:00Z"));
            course(h, random, SMALL_LOCATION, "pr-small-1", Chronicity.CHRONIC, 1);
        }
        return ReadModelFixtures.project(h);
    }

    private static void course(History h, Random random, String location, String practitioner,
                               Chronicity chronicity, int locationIndex) {
        int baseline = 4 + random.nextInt(6);
        History.Course course = h.openCourse(h.registerPatient(location), location, practitioner, chronicity,
                baseline, random.nextBoolean() ? 20 + random.nextInt(40) : null);
        int pain = baseline;
        // The seed's claim: minor acute cases often resolve in one session; chronic ones take a few.
        int sessions = chronicity == Chronicity.ACUTE ? (random.nextInt(3) == 0 ? 2 : 1) : 1 + random.nextInt(5);
        int retention = 15 + random.nextInt(17);
        for (int s = 0; s < sessions; s++) {
            if (random.nextInt(8) == 0) {
                course.scheduleSession().cancel(random.nextBoolean() ? CancellationReason.CANCELLED
                        : CancellationReason.NO_SHOW);
            }
            History.Session session = course.scheduleSession().start(pain);
            session.releasePsoas(dev.meridian.events.Side.BILATERAL, random.nextBoolean());
            if (random.nextInt(4) > 0) {
                session.retain(retention);
            }
            if (random.nextInt(5) == 0) {
                session.emotionalResponse(EmotionalPhase.values()[random.nextInt(3)], Intensity.MODERATE,
                        random.nextInt(3) == 0 ? TraumaRelated.YES : TraumaRelated.NO);
            }
            // Better locations (lower index) relieve a little faster; chronic cases more slowly.
            int drop = (chronicity == Chronicity.ACUTE ? 2 + random.nextInt(6) : random.nextInt(3))
                    + (locationIndex == 0 && random.nextInt(3) == 0 ? 1 : 0) - (random.nextInt(6) == 0 ? 1 : 0);
            pain = Math.max(0, pain - drop);
            session.complete(pain);
        }
        if (random.nextInt(3) > 0) {
            course.homework(Exercise.PSOAS_STRETCH, Exercise.CORE_STABILITY);
        }
        if (chronicity == Chronicity.ACUTE || random.nextInt(4) > 0) {
            CourseOutcome outcome = pain <= 1 ? CourseOutcome.RESOLVED
                    : pain <= baseline / 2 ? CourseOutcome.IMPROVED : CourseOutcome.UNCHANGED;
            course.close(outcome, pain);
        }
    }
}
