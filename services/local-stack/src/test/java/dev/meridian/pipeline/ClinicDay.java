package dev.meridian.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A reproducible run of clinic work through the staff API: patients at several locations with practitioners,
 * acute to chronic courses, sessions with and without psoas release, retention and emotional responses,
 * cancellations, homework, follow-ups and every kind of closing, including one-session resolutions and a session
 * completed after its course closed.
 */
final class ClinicDay {

    private static final String[] LOCATIONS = {"loc-north", "loc-south"};
    private static final String[] PRACTITIONERS = {"pr-lee", "pr-okafor", "pr-silva"};
    private static final String[] SIDES = {"LEFT", "RIGHT", "BILATERAL"};
    private static final String[] PHASES = {"AT_PAIN_ONSET", "DURING_RELEASE", "AFTER_TREATMENT"};
    private static final String[] OUTCOMES = {"RESOLVED", "IMPROVED", "UNCHANGED", "WORSENED", "DISCONTINUED",
            "REFERRED"};

    private final StaffApi staff;
    private final Random random;
    final List<String> courseIds = new ArrayList<>();

    ClinicDay(StaffApi staff, long seed) {
        this.staff = staff;
        this.random = new Random(seed);
    }

    void patients(int count) {
        for (int i = 0; i < count; i++) {
            String location = LOCATIONS[random.nextInt(LOCATIONS.length)];
            String patient = staff.registerPatient(location);
            course(patient, location);
        }
    }

    private void course(String patient, String location) {
        int kind = random.nextInt(3);
        int onsetWeeksAgo = kind == 0 ? 2 : kind == 1 ? 8 : 30;
        int baseline = 4 + random.nextInt(7);
        String practitioner = PRACTITIONERS[random.nextInt(PRACTITIONERS.length)];
        String course = staff.openCourse(patient, location, practitioner, onsetWeeksAgo, baseline,
                random.nextBoolean() ? 30 + random.nextInt(40) : null);
        courseIds.add(course);
        boolean minor = kind == 0 && random.nextBoolean();
        int sessions = minor ? 1 : 1 + random.nextInt(kind == 2 ? 4 : 3);
        int pain = baseline;
        String leftOpen = null;
        for (int s = 0; s < sessions; s++) {
            String session = staff.scheduleSession(course, practitioner);
            if (random.nextInt(8) == 0) {
                staff.cancelSession(session, random.nextBoolean() ? "CANCELLED" : "NO_SHOW");
                continue;
            }
            if (leftOpen == null && !minor && random.nextInt(6) == 0) {
                leftOpen = session; // held after the course closed
                continue;
            }
            staff.startSession(session, pain);
            if (random.nextInt(5) > 0) {
                staff.releasePsoas(session, SIDES[random.nextInt(SIDES.length)], random.nextBoolean());
            }
            if (random.nextInt(4) > 0) {
                staff.retainNeedles(session, random.nextInt(4) == 0 ? 15 + random.nextInt(30) : 25);
            }
            if (random.nextInt(4) == 0) {
                staff.noteEmotionalResponse(session, PHASES[random.nextInt(PHASES.length)], "MODERATE",
                        random.nextBoolean() ? "YES" : "UNKNOWN");
            }
            pain = minor ? random.nextInt(2) : Math.max(0, pain - random.nextInt(4));
            staff.completeSession(session, pain);
        }
        if (random.nextInt(3) > 0) {
            staff.assignHomework(course, List.of("PSOAS_STRETCH", "CORE_STABILITY"));
        }
        if (random.nextInt(3) == 0) {
            staff.recordOutcomeMeasure(course, Math.max(0, pain - 1), random.nextBoolean() ? 20 : null);
        }
        if (random.nextInt(5) > 0) {
            staff.closeCourse(course, minor ? "RESOLVED" : OUTCOMES[random.nextInt(OUTCOMES.length)], pain);
            if (leftOpen != null) {
                staff.startSession(leftOpen, pain);
                staff.completeSession(leftOpen, Math.max(0, pain - 1));
            }
        }
    }
}
