package dev.meridian.local.demo;

import dev.meridian.local.demo.ApiCall.Kind;
import dev.meridian.local.demo.PatientScript.PlannedCourse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Generates the demo clinic network's history as API calls, following the clinical story of DOMAIN.md: a course
 * opened with a baseline, sessions with pre-treatment pain, a psoas release without retention, needles retained in
 * the other low-back muscles for about 25 minutes, now and then an emotional response, post-treatment pain;
 * homework; some cancellations and no-shows; the course closed with an outcome.
 *
 * <p>Deterministic: each patient's script is a pure function of (parameters, patient index), drawn from its own
 * random stream, so a plan of N patients is a prefix of a plan of N+1 and the benchmark can draw scripts without
 * end. Every figure is synthetic (docs/demo-data.md).
 */
public final class DemoGenerator {

    private static final String[] OTHER_MUSCLES = {"QUADRATUS_LUMBORUM", "ERECTOR_SPINAE", "MULTIFIDUS",
            "GLUTEUS_MEDIUS", "GLUTEUS_MINIMUS", "PIRIFORMIS"};
    private static final String[] EXTRA_EXERCISES = {"HIP_FLEXOR_STRETCH", "HIP_FLEXOR_STRENGTHENING",
            "CORE_STABILITY", "GLUTE_STRENGTHENING"};
    private static final String[] EMOTION_NOTES = {"Tearful during the release; settled while resting.",
            "Felt a wave of anxiety, passed within minutes.", "Brief trembling, asked to pause; continued.",
            "Described feeling suddenly sad; talked it through."};
    private static final String[] HOMEWORK_NOTES = {"Twice a day, 30 seconds each side.",
            "Morning and evening; stop if the pain sharpens.", "Daily, slowly, breathing out into the stretch."};

    private final DemoParameters parameters;
    private final DemoNetwork network;

    public DemoGenerator(DemoParameters parameters) {
        this.parameters = parameters;
        this.network = DemoNetwork.of(parameters);
    }

    public DemoNetwork network() {
        return network;
    }

    /** The whole plan: every patient's script, in patient order. */
    public DemoPlan plan() {
        List<PatientScript> scripts = IntStream.range(0, parameters.patients()).mapToObj(this::script).toList();
        return new DemoPlan(parameters, network, scripts);
    }

    /** The script of patient number {@code index}; the same for the same parameters and index. */
    public PatientScript script(int index) {
        SplittableRandom random = new SplittableRandom(mix(parameters.seed(), index));
        List<ApiCall> calls = new ArrayList<>();
        List<PlannedCourse> courses = new ArrayList<>();

        // Patients are spread evenly over the locations, so that every location has groups large enough to show.
        DemoNetwork.Location home = network.locations().get(index % network.locations().size());
        String given = Names.given(random);
        String family = Names.family(random);
        Map<String, Object> patient = new LinkedHashMap<>();
        patient.put("homeLocationId", home.id());
        patient.put("givenName", given);
        patient.put("familyName", family);
        patient.put("birthDate", parameters.today().minusYears(18 + random.nextInt(68))
                .minusDays(random.nextInt(365)).toString());
        if (random.nextDouble() < 0.8) {
            patient.put("email", (given + "." + family + "." + index).toLowerCase() + "@example.org");
        }
        if (random.nextDouble() < 0.7) {
            // 555-0100..0199 is reserved for fiction.
            patient.put("phone", "+1-202-555-01" + String.format("%02d", random.nextInt(100)));
        }
        calls.add(new ApiCall(Kind.REGISTER_PATIENT, "POST", "/api/patients", patient, "patient"));

        int courseCount = random.nextDouble() < parameters.secondCourseShare() ? 2 : 1;
        Instant firstSession = parameters.now().plus(Duration.ofDays(1 + random.nextInt(7)));
        for (int c = 1; c <= courseCount; c++) {
            // A patient's earlier course is closed before the next opens; only the last one may stay open.
            boolean mayStayOpen = c == courseCount;
            DemoNetwork.Location location = random.nextDouble() < 0.9 ? home
                    : network.locations().get(random.nextInt(network.locations().size()));
            firstSession = course(random, "course" + c, location, mayStayOpen, firstSession, calls, courses);
        }
        return new PatientScript(index, courses, calls);
    }

    /** Plans one course; returns when the patient's next course may start its sessions. */
    private Instant course(SplittableRandom random, String courseSymbol, DemoNetwork.Location location,
                           boolean mayStayOpen, Instant firstSession, List<ApiCall> calls,
                           List<PlannedCourse> courses) {
        String practitioner = pick(random, location.practitionerIds());
        double chronicityDraw = random.nextDouble();
        String chronicity;
        int onsetDaysAgo;
        if (chronicityDraw < parameters.acuteShare()) {
            chronicity = "ACUTE";
            onsetDaysAgo = 1 + random.nextInt(35);            // under 6 weeks, away from the boundary
        } else if (chronicityDraw < parameters.acuteShare() + parameters.subacuteShare()) {
            chronicity = "SUBACUTE";
            onsetDaysAgo = 46 + random.nextInt(35);           // 6 to 12 weeks
        } else {
            chronicity = "CHRONIC";
            onsetDaysAgo = 95 + random.nextInt(5 * 365);      // over 12 weeks, up to about 5 years
        }
        String trigger = weighted(random, new String[]{"LIFTING", "WORKOUT", "TRAUMA", "OTHER", "UNKNOWN"},
                new double[]{0.35, 0.25, 0.08, 0.17, 0.15});
        String painLocation = weighted(random, new String[]{"CENTRAL_LUMBAR", "LEFT", "RIGHT", "BILATERAL"},
                new double[]{0.45, 0.18, 0.18, 0.19});
        boolean minor = chronicity.equals("ACUTE") && random.nextDouble() < parameters.minorAcuteShare();

        // Synthetic trajectory: pain at the next visit falls by a per-session carry-over; the session itself gives
        // immediate relief. A share of each chronicity does not respond: little immediate relief that does not
        // last, and no carry-over, so such courses end near their baseline (non-responders by the MCID).
        int baseline;
        int plannedSessions;
        double carryOver;
        double responseShare;
        switch (chronicity) {
            case "ACUTE" -> {
                baseline = minor ? 3 + random.nextInt(4) : 5 + random.nextInt(4);
                plannedSessions = minor ? (random.nextDouble() < 0.75 ? 1 : 2) : 2 + random.nextInt(3);
                carryOver = minor ? 3.0 : 1.5 + random.nextDouble();
                responseShare = minor ? 0.90 : 0.70;
            }
            case "SUBACUTE" -> {
                baseline = 4 + random.nextInt(5);
                plannedSessions = 2 + random.nextInt(4);
                carryOver = 0.8 + random.nextDouble();
                responseShare = 0.55;
            }
            default -> {
                baseline = 4 + random.nextInt(6);
                plannedSessions = 3 + random.nextInt(4);
                carryOver = 0.6 + random.nextDouble() * 0.7;
                responseShare = parameters.chronicResponseShare();
            }
        }
        boolean responsive = random.nextDouble() < responseShare;
        if (!responsive) {
            carryOver = -0.1 + random.nextDouble() * 0.3;
        }
        boolean emotional = random.nextDouble() < (trigger.equals("TRAUMA")
                ? parameters.traumaEmotionalShare() : parameters.emotionalResponseShare());
        // Only chronic courses are still in treatment when the plan ends: acute and subacute ones are short. (So the
        // acute groups' open courses are 0, not a small count that would hide their closed courses and one-session
        // resolutions.)
        boolean stayOpen = mayStayOpen && chronicity.equals("CHRONIC")
                && random.nextDouble() < parameters.openCourseShare();
        boolean homework = random.nextDouble() < parameters.homeworkShare();

        Map<String, Object> open = new LinkedHashMap<>();
        open.put("locationId", location.id());
        open.put("practitionerId", practitioner);
        open.put("painLocation", painLocation);
        open.put("onsetDate", parameters.today().minusDays(onsetDaysAgo).toString());
        open.put("trigger", trigger);
        open.put("baselinePain", baseline);
        if (random.nextDouble() < 0.6) {
            open.put("baselineOdi", clamp(baseline * 6 + random.nextInt(21) - 10, 0, 100));
        }
        calls.add(new ApiCall(Kind.OPEN_COURSE, "POST", "/api/patients/{patient}/courses", open, courseSymbol));

        String coursePath = "/api/courses/{" + courseSymbol + "}";
        double pain = baseline;
        int completed = 0;
        int cancelled = 0;
        int scheduled = 0;
        boolean emotionNoted = false;
        Instant slot = firstSession.plus(Duration.ofHours(9 + random.nextInt(8)));
        // Subacute and chronic courses are reviewed at their second visit, so they never end after one session;
        // acute ones stop once the pain is gone (the seed: minor acute cases often resolve in one session).
        int minimumSessions = chronicity.equals("ACUTE") ? 1 : 2;
        while (completed < plannedSessions && (pain >= 1.0 || completed < minimumSessions)) {
            scheduled++;
            String sessionSymbol = courseSymbol + ".session" + scheduled;
            String sessionPath = "/api/sessions/{" + sessionSymbol + "}";
            String sessionPractitioner = random.nextDouble() < 0.9 ? practitioner
                    : pick(random, location.practitionerIds());
            calls.add(new ApiCall(Kind.SCHEDULE_SESSION, "POST", coursePath + "/sessions",
                    body("scheduledAt", slot.toString(), "practitionerId", sessionPractitioner), sessionSymbol));
            slot = slot.plus(Duration.ofDays(5 + random.nextInt(5)));

            double missed = random.nextDouble();
            if (missed < parameters.cancellationRate() + parameters.noShowRate() && scheduled <= plannedSessions + 2) {
                String reason = missed < parameters.cancellationRate() ? "CANCELLED" : "NO_SHOW";
                calls.add(new ApiCall(Kind.CANCEL_SESSION, "POST", sessionPath + "/cancel",
                        body("reason", reason), null));
                cancelled++;
                continue;
            }

            int pre = clamp((int) Math.round(pain + random.nextInt(3) - 1), 0, 10);
            calls.add(new ApiCall(Kind.START_SESSION, "POST", sessionPath + "/start",
                    body("preTreatmentPain", pre), null));
            // Emotional courses show it in the first session, and now and then again later.
            boolean emotionHere = emotional && (completed == 0 || random.nextDouble() < 0.2);
            String emotionPhase = emotionHere ? weighted(random,
                    new String[]{"AT_PAIN_ONSET", "DURING_RELEASE", "AFTER_TREATMENT"},
                    new double[]{0.3, 0.5, 0.2}) : null;
            if ("AT_PAIN_ONSET".equals(emotionPhase)) {
                calls.add(emotion(random, sessionPath, emotionPhase, trigger));
            }
            calls.add(new ApiCall(Kind.RELEASE_PSOAS, "POST", sessionPath + "/psoas-release",
                    body("side", side(random, painLocation), "localTwitchResponse", random.nextDouble() < 0.7,
                            "needleCount", 2 + random.nextInt(5)), null));
            if ("DURING_RELEASE".equals(emotionPhase)) {
                calls.add(emotion(random, sessionPath, emotionPhase, trigger));
            }
            // The psoas is released without retention; the rest of the low back keeps its needles ~25 minutes.
            int retention = clamp((int) Math.round(parameters.retentionMinutesMean() + random.nextGaussian() * 3),
                    parameters.retentionMinutesMean() - 10, parameters.retentionMinutesMean() + 10);
            calls.add(new ApiCall(Kind.RETAIN_NEEDLES, "POST", sessionPath + "/retained-needles",
                    body("muscles", muscles(random), "needleCount", 4 + random.nextInt(9),
                            "retentionMinutes", retention), null));
            if ("AFTER_TREATMENT".equals(emotionPhase)) {
                calls.add(emotion(random, sessionPath, emotionPhase, trigger));
            }
            emotionNoted |= emotionHere;
            int relief = !responsive ? (random.nextInt(4) == 0 ? 1 : 0)
                    : minor ? 2 + random.nextInt(4) : 1 + random.nextInt(3);
            int post = clamp(pre - relief, 0, 10);
            calls.add(new ApiCall(Kind.COMPLETE_SESSION, "POST", sessionPath + "/complete",
                    body("postTreatmentPain", post), null));
            completed++;
            // A responder keeps most of the session's relief; a non-responder's fades by the next visit.
            double next = pain - carryOver + random.nextGaussian() * 0.4;
            pain = Math.max(0.0, Math.min(10.0, responsive ? Math.min(next, post + carryOver) : next));
            if (minor && responsive && post <= 1) {
                pain = 0.0;
            }
            if (completed == 1 && homework) {
                Map<String, Object> hw = body("exercises", exercises(random));
                if (random.nextDouble() < 0.5) {
                    hw.put("note", pick(random, List.of(HOMEWORK_NOTES)));
                }
                calls.add(new ApiCall(Kind.ASSIGN_HOMEWORK, "POST", coursePath + "/homework", hw, null));
            }
        }

        int closingPain = clamp((int) Math.round(pain), 0, 10);
        if (completed > 0 && random.nextDouble() < 0.25) {
            Map<String, Object> measure = body("measuredOn", parameters.today().toString(), "pain", closingPain);
            if (open.containsKey("baselineOdi")) {
                measure.put("odi", clamp(closingPain * 6 + random.nextInt(11) - 5, 0, 100));
            }
            calls.add(new ApiCall(Kind.RECORD_OUTCOME_MEASURE, "POST", coursePath + "/outcome-measures",
                    measure, null));
        }
        String outcome = null;
        Integer closing = null;
        if (!stayOpen) {
            outcome = outcome(random, baseline, closingPain, completed);
            closing = closingPain;
            calls.add(new ApiCall(Kind.CLOSE_COURSE, "POST", coursePath + "/close",
                    body("outcome", outcome, "closingPain", closingPain), null));
        }
        courses.add(new PlannedCourse(courseSymbol, location.id(), practitioner, chronicity, trigger, baseline,
                completed, cancelled, emotionNoted, outcome, closing));
        return slot.plus(Duration.ofDays(14 + random.nextInt(60)));
    }

    private static String outcome(SplittableRandom random, int baseline, int closingPain, int completed) {
        if (completed == 0 || random.nextDouble() < 0.04) {
            return "DISCONTINUED";
        }
        int change = baseline - closingPain;
        if (closingPain <= 1 && change >= 2) {
            return "RESOLVED";
        }
        if (change >= 2 && change >= 0.3 * baseline) {
            return "IMPROVED";
        }
        if (change < 0) {
            return "WORSENED";
        }
        return random.nextDouble() < 0.3 ? "REFERRED" : "UNCHANGED";
    }

    private static ApiCall emotion(SplittableRandom random, String sessionPath, String phase, String trigger) {
        String traumaRelated = trigger.equals("TRAUMA")
                ? weighted(random, new String[]{"YES", "UNKNOWN"}, new double[]{0.85, 0.15})
                : weighted(random, new String[]{"NO", "UNKNOWN", "YES"}, new double[]{0.6, 0.3, 0.1});
        Map<String, Object> b = body("phase", phase,
                "intensity", weighted(random, new String[]{"MILD", "MODERATE", "STRONG"},
                        new double[]{0.5, 0.35, 0.15}),
                "traumaRelated", traumaRelated);
        if (random.nextDouble() < 0.6) {
            b.put("note", pick(random, List.of(EMOTION_NOTES)));
        }
        return new ApiCall(Kind.NOTE_EMOTIONAL_RESPONSE, "POST", sessionPath + "/emotional-responses", b, null);
    }

    private static String side(SplittableRandom random, String painLocation) {
        return switch (painLocation) {
            case "LEFT" -> random.nextDouble() < 0.85 ? "LEFT" : "BILATERAL";
            case "RIGHT" -> random.nextDouble() < 0.85 ? "RIGHT" : "BILATERAL";
            default -> random.nextDouble() < 0.7 ? "BILATERAL" : (random.nextBoolean() ? "LEFT" : "RIGHT");
        };
    }

    private static List<String> muscles(SplittableRandom random) {
        List<String> all = new ArrayList<>(List.of(OTHER_MUSCLES));
        int count = 2 + random.nextInt(3);
        List<String> chosen = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            chosen.add(all.remove(random.nextInt(all.size())));
        }
        return chosen;
    }

    private static List<String> exercises(SplittableRandom random) {
        List<String> all = new ArrayList<>(List.of(EXTRA_EXERCISES));
        List<String> chosen = new ArrayList<>(List.of("PSOAS_STRETCH"));
        int extra = 1 + random.nextInt(2);
        for (int i = 0; i < extra; i++) {
            chosen.add(all.remove(random.nextInt(all.size())));
        }
        return chosen;
    }

    private static Map<String, Object> body(Object... keyValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put((String) keyValues[i], keyValues[i + 1]);
        }
        return map;
    }

    private static <T> T pick(SplittableRandom random, List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    private static String weighted(SplittableRandom random, String[] values, double[] weights) {
        double draw = random.nextDouble();
        double sum = 0;
        for (int i = 0; i < values.length; i++) {
            sum += weights[i];
            if (draw < sum) {
                return values[i];
            }
        }
        return values[values.length - 1];
    }

    private static int clamp(int value, int min, int max) {
        return Math.max(min, Math.min(max, value));
    }

    /** A well-spread per-patient seed (SplitMix64's finaliser), so neighbouring patients are unrelated. */
    private static long mix(long seed, int index) {
        long z = seed + 0x9E3779B97F4A7C15L * (index + 1L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

}
