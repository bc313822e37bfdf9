package dev.meridian.local.demo;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The demo clinic network as a list of API calls, grouped per patient. A pure value: generating it touches no
 * server, so it can be compared across runs (the determinism test) before anything is sent.
 */
public record DemoPlan(DemoParameters parameters, DemoNetwork network, List<PatientScript> scripts) {

    public DemoPlan {
        scripts = List.copyOf(scripts);
    }

    public int callCount() {
        return scripts.stream().mapToInt(s -> s.calls().size()).sum();
    }

    public List<PatientScript.PlannedCourse> courses() {
        return scripts.stream().flatMap(s -> s.courses().stream()).toList();
    }

    public long closedCourseCount() {
        return courses().stream().filter(PatientScript.PlannedCourse::closed).count();
    }

    public int completedSessionCount() {
        return courses().stream().mapToInt(PatientScript.PlannedCourse::completedSessions).sum();
    }

    /** Calls per kind, for the summary printed after seeding. */
    public Map<ApiCall.Kind, Integer> callsByKind() {
        Map<ApiCall.Kind, Integer> counts = new TreeMap<>();
        scripts.forEach(s -> s.calls().forEach(c -> counts.merge(c.kind(), 1, Integer::sum)));
        return counts;
    }
}
