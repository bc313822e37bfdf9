package dev.meridian.loadgen;

import dev.meridian.events.AggregateType;
import dev.meridian.events.CancellationReason;
import dev.meridian.events.Chronicity;
import dev.meridian.events.ClinicEvent;
import dev.meridian.events.Complaint;
import dev.meridian.events.CourseOutcome;
import dev.meridian.events.EmotionalPhase;
import dev.meridian.events.EmotionalResponseNoted;
import dev.meridian.events.Exercise;
import dev.meridian.events.HomeworkAssigned;
import dev.meridian.events.Intensity;
import dev.meridian.events.Muscle;
import dev.meridian.events.NeedlesRetained;
import dev.meridian.events.OnsetTrigger;
import dev.meridian.events.OutcomeMeasured;
import dev.meridian.events.PainLocation;
import dev.meridian.events.PsoasReleased;
import dev.meridian.events.SessionCancelled;
import dev.meridian.events.SessionCompleted;
import dev.meridian.events.SessionScheduled;
import dev.meridian.events.SessionStarted;
import dev.meridian.events.Side;
import dev.meridian.events.Technique;
import dev.meridian.events.TraumaRelated;
import dev.meridian.events.TreatmentCourseClosed;
import dev.meridian.events.TreatmentCourseOpened;
import dev.meridian.events.envelope.EventEnvelope;
import dev.meridian.local.demo.ApiCall;
import dev.meridian.local.demo.PatientScript;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * The events practice-service would store for a demo patient's script, without running it: each call of the
 * script becomes the event its command emits (course and session streams only; the patient's registration is left
 * out, the outcomes read models do not need it), with its aggregate sequence. Times: the script's first course
 * opens at {@code openedAt}, sessions keep the script's spacing, and each step of a session takes a few minutes.
 * Ids are random (from {@code random}), so they never meet the ids of courses created through the API.
 */
final class ScriptEvents {

    private static final String SOURCE = "/meridian/loadgen/projected-sessions";

    private ScriptEvents() {
    }

    /** One list per course: its own stream and its sessions' streams, in the order the calls would store them. */
    static List<List<EventEnvelope>> of(PatientScript script, Instant scriptNow, LocalDate scriptToday,
                                        Instant openedAt, SplittableRandom random) {
        Map<String, String> ids = new HashMap<>();
        Map<String, Long> sequences = new HashMap<>();
        Map<String, List<EventEnvelope>> courses = new LinkedHashMap<>();
        Map<String, String> locationOf = new HashMap<>();
        Map<String, Instant> sessionClock = new HashMap<>();
        Duration shift = Duration.between(scriptNow, openedAt);
        String patientId = uuid(random);
        Instant clock = openedAt;
        for (ApiCall call : script.calls()) {
            Map<String, Object> b = call.body();
            String symbol = symbol(call);
            switch (call.kind()) {
                case REGISTER_PATIENT -> {
                }
                case OPEN_COURSE -> {
                    String courseId = uuid(random);
                    ids.put(call.binds(), courseId);
                    String location = (String) b.get("locationId");
                    locationOf.put(courseId, location);
                    LocalDate onset = LocalDate.parse((String) b.get("onsetDate")).plusDays(shift.toDays());
                    LocalDate openedOn = clock.atOffset(ZoneOffset.UTC).toLocalDate();
                    courses.put(courseId, new ArrayList<>());
                    add(courses, sequences, courseId, new TreatmentCourseOpened(courseId, patientId, location,
                            (String) b.get("practitionerId"), Complaint.LOW_BACK_PAIN,
                            PainLocation.valueOf((String) b.get("painLocation")), onset,
                            chronicity(onset, openedOn), OnsetTrigger.valueOf((String) b.get("trigger")),
                            (Integer) b.get("baselinePain"), (Integer) b.get("baselineOdi"), clock));
                }
                case SCHEDULE_SESSION -> {
                    String courseId = ids.get(symbol);
                    String sessionId = uuid(random);
                    ids.put(call.binds(), sessionId);
                    Instant slot = Instant.parse((String) b.get("scheduledAt")).plus(shift);
                    clock = later(clock, clock.plusSeconds(60));
                    sessionClock.put(sessionId, later(clock, slot));
                    add(courses, sequences, courseId, new SessionScheduled(sessionId, courseId, patientId,
                            locationOf.get(courseId), (String) b.get("practitionerId"), slot, clock));
                }
                default -> {
                    if (symbol.contains(".")) {
                        clock = sessionEvent(call, ids, courses, sequences, locationOf, sessionClock, patientId,
                                symbol, clock);
                    } else {
                        clock = courseEvent(call, ids.get(symbol), courses, sequences, locationOf, patientId,
                                clock, shift);
                    }
                }
            }
        }
        return new ArrayList<>(courses.values());
    }

    private static Instant sessionEvent(ApiCall call, Map<String, String> ids, Map<String, List<EventEnvelope>> courses,
                                        Map<String, Long> sequences, Map<String, String> locationOf,
                                        Map<String, Instant> sessionClock, String patientId, String symbol,
                                        Instant clock) {
        String courseId = ids.get(symbol.substring(0, symbol.indexOf('.')));
        String sessionId = ids.get(symbol);
        String location = locationOf.get(courseId);
        Map<String, Object> b = call.body();
        Instant at = sessionClock.get(sessionId).plus(5, ChronoUnit.MINUTES);
        sessionClock.put(sessionId, at);
        ClinicEvent event = switch (call.kind()) {
            case START_SESSION -> new SessionStarted(sessionId, courseId, patientId, location,
                    (Integer) b.get("preTreatmentPain"), at);
            case RELEASE_PSOAS -> new PsoasReleased(sessionId, courseId, patientId, location,
                    Side.valueOf((String) b.get("side")), Technique.TRIGGER_POINT_DRY_NEEDLING,
                    (Boolean) b.get("localTwitchResponse"), (Integer) b.get("needleCount"), at);
            case RETAIN_NEEDLES -> {
                int minutes = (Integer) b.get("retentionMinutes");
                Instant end = at.plus(minutes, ChronoUnit.MINUTES);
                sessionClock.put(sessionId, end);
                yield new NeedlesRetained(sessionId, courseId, patientId, location,
                        strings(b.get("muscles")).stream().map(Muscle::valueOf).toList(),
                        (Integer) b.get("needleCount"), minutes, end);
            }
            // The private note stays out: the outcomes read models never see it.
            case NOTE_EMOTIONAL_RESPONSE -> new EmotionalResponseNoted(sessionId, courseId, patientId, location,
                    EmotionalPhase.valueOf((String) b.get("phase")), Intensity.valueOf((String) b.get("intensity")),
                    TraumaRelated.valueOf((String) b.get("traumaRelated")), null, at);
            case COMPLETE_SESSION -> new SessionCompleted(sessionId, courseId, patientId, location,
                    (Integer) b.get("postTreatmentPain"), at);
            case CANCEL_SESSION -> new SessionCancelled(sessionId, courseId, patientId, location,
                    CancellationReason.valueOf((String) b.get("reason")), at);
            default -> throw new IllegalArgumentException("Not a session call: " + call.kind());
        };
        add(courses, sequences, courseId, event);
        return later(clock, at);
    }

    private static Instant courseEvent(ApiCall call, String courseId, Map<String, List<EventEnvelope>> courses,
                                       Map<String, Long> sequences, Map<String, String> locationOf, String patientId,
                                       Instant clock, Duration shift) {
        String location = locationOf.get(courseId);
        Map<String, Object> b = call.body();
        Instant at = clock.plusSeconds(60);
        ClinicEvent event = switch (call.kind()) {
            case ASSIGN_HOMEWORK -> new HomeworkAssigned(courseId, patientId, location,
                    strings(b.get("exercises")).stream().map(Exercise::valueOf).toList(), null, at);
            case RECORD_OUTCOME_MEASURE -> {
                at = clock.plus(1, ChronoUnit.DAYS);
                yield new OutcomeMeasured(courseId, patientId, location, at.atOffset(ZoneOffset.UTC).toLocalDate(),
                        (Integer) b.get("pain"), (Integer) b.get("odi"), at);
            }
            case CLOSE_COURSE -> {
                at = clock.plus(1, ChronoUnit.DAYS);
                yield new TreatmentCourseClosed(courseId, patientId, location,
                        CourseOutcome.valueOf((String) b.get("outcome")), (Integer) b.get("closingPain"), at);
            }
            default -> throw new IllegalArgumentException("Not a course call: " + call.kind());
        };
        add(courses, sequences, courseId, event);
        return at;
    }

    private static void add(Map<String, List<EventEnvelope>> courses, Map<String, Long> sequences, String courseId,
                            ClinicEvent event) {
        long sequence = sequences.merge(event.aggregateId(), 1L, Long::sum) - 1;
        AggregateType type = event.aggregateType();
        courses.get(courseId).add(new EventEnvelope(event.aggregateId() + ":" + sequence, SOURCE, event.occurredAt(),
                type, event.aggregateId(), sequence, event));
    }

    /** The contract's rule (DOMAIN.md), as practice-service applies it when the course is opened. */
    static Chronicity chronicity(LocalDate onset, LocalDate openedOn) {
        return Chronicity.of(onset, openedOn);
    }

    /** The placeholder symbol in a call's path ({@code course1} or {@code course1.session2}), or "" for none. */
    private static String symbol(ApiCall call) {
        int open = call.path().indexOf('{');
        return open < 0 ? "" : call.path().substring(open + 1, call.path().indexOf('}'));
    }

    @SuppressWarnings("unchecked")
    private static List<String> strings(Object value) {
        return (List<String>) value;
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static String uuid(SplittableRandom random) {
        return new UUID((random.nextLong() & ~0xF000L) | 0x4000L,
                (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L).toString();
    }
}
