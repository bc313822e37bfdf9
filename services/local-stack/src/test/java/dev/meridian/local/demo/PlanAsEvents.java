package dev.meridian.local.demo;

import dev.meridian.events.CancellationReason;
import dev.meridian.events.Chronicity;
import dev.meridian.events.ClinicEvent;
import dev.meridian.events.CourseOutcome;
import dev.meridian.events.EmotionalPhase;
import dev.meridian.events.Exercise;
import dev.meridian.events.Intensity;
import dev.meridian.events.Side;
import dev.meridian.events.TraumaRelated;
import dev.meridian.outcomes.support.History;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A demo plan as the events practice-service would store for it, without a server: each planned call becomes the
 * event its command emits, through outcomes-service's test {@link History}. What the projection makes of the demo
 * can then be checked in milliseconds instead of seeding a stack. It assumes every call succeeds, as
 * the end-to-end test checks for the real stack.
 */
final class PlanAsEvents {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^}]+)}");

    private PlanAsEvents() {
    }

    static List<ClinicEvent> of(DemoPlan plan) {
        History history = new History(plan.parameters().now());
        for (PatientScript script : plan.scripts()) {
            Map<String, History.Course> courses = new HashMap<>();
            Map<String, History.Session> sessions = new HashMap<>();
            Iterator<PatientScript.PlannedCourse> planned = script.courses().iterator();
            String patientId = null;
            for (ApiCall call : script.calls()) {
                Map<String, Object> b = call.body();
                switch (call.kind()) {
                    case REGISTER_PATIENT -> patientId = history.registerPatient((String) b.get("homeLocationId"));
                    case OPEN_COURSE -> {
                        // The server computes chronicity from the onset date; the plan says what it will compute.
                        Chronicity chronicity = Chronicity.valueOf(planned.next().chronicity());
                        courses.put(call.binds(), history.openCourse(patientId, (String) b.get("locationId"),
                                (String) b.get("practitionerId"), chronicity, (Integer) b.get("baselinePain"),
                                (Integer) b.get("baselineOdi")));
                    }
                    case SCHEDULE_SESSION -> sessions.put(call.binds(),
                            courses.get(symbol(call)).scheduleSession());
                    case CANCEL_SESSION -> sessions.get(symbol(call))
                            .cancel(CancellationReason.valueOf((String) b.get("reason")));
                    case START_SESSION -> sessions.get(symbol(call)).start((Integer) b.get("preTreatmentPain"));
                    case RELEASE_PSOAS -> sessions.get(symbol(call)).releasePsoas(Side.valueOf((String) b.get("side")),
                            (Boolean) b.get("localTwitchResponse"));
                    case RETAIN_NEEDLES -> sessions.get(symbol(call)).retain((Integer) b.get("retentionMinutes"));
                    case NOTE_EMOTIONAL_RESPONSE -> sessions.get(symbol(call)).emotionalResponse(
                            EmotionalPhase.valueOf((String) b.get("phase")),
                            Intensity.valueOf((String) b.get("intensity")),
                            TraumaRelated.valueOf((String) b.get("traumaRelated")));
                    case COMPLETE_SESSION -> sessions.get(symbol(call)).complete((Integer) b.get("postTreatmentPain"));
                    case ASSIGN_HOMEWORK -> courses.get(symbol(call)).homework(((List<?>) b.get("exercises")).stream()
                            .map(e -> Exercise.valueOf((String) e)).toArray(Exercise[]::new));
                    case RECORD_OUTCOME_MEASURE -> courses.get(symbol(call)).followUp((Integer) b.get("pain"),
                            (Integer) b.get("odi"));
                    case CLOSE_COURSE -> courses.get(symbol(call)).close(
                            CourseOutcome.valueOf((String) b.get("outcome")), (Integer) b.get("closingPain"));
                }
            }
        }
        return history.events();
    }

    private static String symbol(ApiCall call) {
        Matcher m = PLACEHOLDER.matcher(call.path());
        if (!m.find()) {
            throw new IllegalArgumentException("No placeholder in " + call.path());
        }
        return m.group(1);
    }
}
