package dev.meridian.outcomes.recount;

import dev.meridian.events.ClinicEvent;
import dev.meridian.events.CourseEvent;
import dev.meridian.events.CourseOutcome;
import dev.meridian.events.EmotionalResponseNoted;
import dev.meridian.events.HomeworkAssigned;
import dev.meridian.events.NeedlesRetained;
import dev.meridian.events.OutcomeMeasured;
import dev.meridian.events.PsoasReleased;
import dev.meridian.events.SessionCancelled;
import dev.meridian.events.SessionCompleted;
import dev.meridian.events.SessionEvent;
import dev.meridian.events.SessionStarted;
import dev.meridian.events.TraumaRelated;
import dev.meridian.events.TreatmentCourseClosed;
import dev.meridian.events.TreatmentCourseOpened;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Every outcome measure computed straight from a list of raw events, deliberately simple and sharing no code with
 * the projection: for each course, gather its events and count. Tests compare the projections with it.
 *
 * <p>The definitions (DOMAIN.md "Outcome measures"; details in docs/read-models.md): pain change = baseline NRS
 * minus the latest post-session or follow-up NRS (latest by event time; a follow-up wins a tie); responder = a
 * reduction of at least 2 points and at least 30 % of baseline; substantial relief = a reduction of at least 50 %;
 * recovered = latest NRS 0; sessions to relief = the number, in completion order, of the first completed session
 * whose post-treatment NRS made the patient a responder; one-session resolution = closed RESOLVED with exactly one
 * completed session.
 */
public final class IndependentRecount {

    private IndependentRecount() {
    }

    /** What a session looks like in the end. */
    public record SessionFigures(String status, Integer number, Integer prePain, Integer postPain,
                                 int psoasReleases, int retentionMinutes, int emotionalResponses) {
    }

    /** What a course's outcome is in the end. */
    public record CourseFigures(String courseId, String locationId, String practitionerId, String chronicity,
                                String openingMonth, Integer baselinePain, Integer baselineOdi,
                                Map<String, SessionFigures> sessions, int sessionsCompleted,
                                int sessionsCancelled, List<String> psoasSides, int retentionMinutesTotal,
                                int emotionalResponses, Set<String> emotionalPhases, int traumaRelatedResponses,
                                boolean homeworkAssigned, Set<String> exercises, Integer latestPain,
                                Integer painChange, boolean responder, boolean substantialRelief, boolean recovered,
                                Integer odiChange, boolean odiResponder, Integer sessionsToRelief, String outcome, Integer closingPain,
                                boolean oneSessionResolution) {
    }

    public static Map<String, CourseFigures> courses(List<ClinicEvent> events) {
        Set<String> courseIds = new TreeSet<>();
        for (ClinicEvent event : events) {
            if (event instanceof CourseEvent c) {
                courseIds.add(c.courseId());
            } else if (event instanceof SessionEvent s) {
                courseIds.add(s.courseId());
            }
        }
        Map<String, CourseFigures> result = new TreeMap<>();
        for (String courseId : courseIds) {
            result.put(courseId, course(courseId, events));
        }
        return result;
    }

    private static CourseFigures course(String courseId, List<ClinicEvent> all) {
        List<ClinicEvent> events = new ArrayList<>();
        for (ClinicEvent event : all) {
            if ((event instanceof CourseEvent c && c.courseId().equals(courseId))
                    || (event instanceof SessionEvent s && s.courseId().equals(courseId))) {
                events.add(event);
            }
        }
        TreatmentCourseOpened opened = null;
        TreatmentCourseClosed closed = null;
        boolean homework = false;
        Set<String> exercises = new TreeSet<>();
        Map<String, String> status = new TreeMap<>();
        Map<String, Integer> pre = new TreeMap<>();
        Map<String, Integer> post = new TreeMap<>();
        Map<String, Instant> completedAt = new TreeMap<>();
        Map<String, Integer> releases = new TreeMap<>();
        Map<String, Integer> retention = new TreeMap<>();
        Map<String, Integer> responses = new TreeMap<>();
        List<String> sides = new ArrayList<>();
        Set<String> phases = new TreeSet<>();
        int emotional = 0;
        int trauma = 0;
        Integer latestPain = null;
        Instant latestAt = null;
        Integer latestOdi = null;
        for (ClinicEvent event : events) {
            if (event instanceof TreatmentCourseOpened e) {
                opened = e;
            } else if (event instanceof TreatmentCourseClosed e) {
                closed = e;
            } else if (event instanceof HomeworkAssigned e) {
                homework = true;
                e.exercises().forEach(x -> exercises.add(x.name()));
            } else if (event instanceof SessionEvent s) {
                status.putIfAbsent(s.sessionId(), "SCHEDULED");
                if (event instanceof SessionStarted e) {
                    status.put(e.sessionId(), "STARTED");
                    pre.put(e.sessionId(), e.preTreatmentPain());
                } else if (event instanceof SessionCompleted e) {
                    status.put(e.sessionId(), "COMPLETED");
                    post.put(e.sessionId(), e.postTreatmentPain());
                    completedAt.put(e.sessionId(), e.occurredAt());
                } else if (event instanceof SessionCancelled e) {
                    status.put(e.sessionId(), "CANCELLED");
                } else if (event instanceof PsoasReleased e) {
                    sides.add(e.side().name());
                    releases.merge(e.sessionId(), 1, Integer::sum);
                } else if (event instanceof NeedlesRetained e) {
                    retention.merge(e.sessionId(), e.retentionMinutes(), Integer::sum);
                } else if (event instanceof EmotionalResponseNoted e) {
                    emotional++;
                    phases.add(e.phase().name());
                    if (e.traumaRelated() == TraumaRelated.YES) {
                        trauma++;
                    }
                    responses.merge(e.sessionId(), 1, Integer::sum);
                }
            }
            // Latest pain: a completed session's post NRS or a follow-up NRS, the later by event time.
            if (event instanceof SessionCompleted e && (latestAt == null || e.occurredAt().isAfter(latestAt))) {
                latestPain = e.postTreatmentPain();
                latestAt = e.occurredAt();
            }
            if (event instanceof OutcomeMeasured e && (latestAt == null || !e.occurredAt().isBefore(latestAt))) {
                latestPain = e.pain();
                latestAt = e.occurredAt();
            }
            if (event instanceof OutcomeMeasured e && e.odi() != null) {
                latestOdi = e.odi();
            }
        }

        List<String> completedInOrder = new ArrayList<>(completedAt.keySet());
        completedInOrder.sort(Comparator.comparing((String id) -> completedAt.get(id)).thenComparing(id -> id));
        Map<String, SessionFigures> sessions = new TreeMap<>();
        for (String sessionId : status.keySet()) {
            int index = completedInOrder.indexOf(sessionId);
            sessions.put(sessionId, new SessionFigures(status.get(sessionId), index < 0 ? null : index + 1,
                    pre.get(sessionId), post.get(sessionId), releases.getOrDefault(sessionId, 0),
                    retention.getOrDefault(sessionId, 0), responses.getOrDefault(sessionId, 0)));
        }
        int cancelled = (int) status.values().stream().filter("CANCELLED"::equals).count();

        Integer baseline = opened == null ? null : opened.baselinePain();
        Integer painChange = baseline == null || latestPain == null ? null : baseline - latestPain;
        boolean responder = painChange != null && painChange >= 2 && percentOf(painChange, baseline) >= 30;
        boolean substantial = painChange != null && painChange > 0 && percentOf(painChange, baseline) >= 50;
        Integer sessionsToRelief = null;
        if (baseline != null) {
            for (int i = 0; i < completedInOrder.size(); i++) {
                int reduction = baseline - post.get(completedInOrder.get(i));
                if (reduction >= 2 && percentOf(reduction, baseline) >= 30) {
                    sessionsToRelief = i + 1;
                    break;
                }
            }
        }
        Integer baselineOdi = opened == null ? null : opened.baselineOdi();
        Integer odiChange = baselineOdi == null || latestOdi == null ? null : baselineOdi - latestOdi;
        boolean odiResponder = odiChange != null && (odiChange >= 10 || (odiChange > 0 && percentOf(odiChange, baselineOdi) >= 30));
        boolean oneSession = closed != null && closed.outcome() == CourseOutcome.RESOLVED
                && completedInOrder.size() == 1;
        List<String> sortedSides = new ArrayList<>(sides);
        sortedSides.sort(null);
        return new CourseFigures(courseId,
                opened == null ? null : opened.locationId(),
                opened == null ? null : opened.practitionerId(),
                opened == null ? null : opened.chronicity().name(),
                opened == null ? null : opened.occurredAt().atOffset(ZoneOffset.UTC).toLocalDate().toString()
                        .substring(0, 7),
                baseline, opened == null ? null : opened.baselineOdi(),
                sessions, completedInOrder.size(), cancelled, sortedSides,
                retention.values().stream().mapToInt(Integer::intValue).sum(),
                emotional, phases, trauma, homework, exercises, latestPain, painChange, responder, substantial,
                latestPain != null && latestPain == 0, odiChange, odiResponder, sessionsToRelief,
                closed == null ? null : closed.outcome().name(), closed == null ? null : closed.closingPain(),
                oneSession);
    }

    /**
     * The dashboard cells: cell id ({@code location|practitioner|month|chronicity}) -> counter path -> value, zero
     * counters left out. Counts each course (and its sessions) in the cell of its opening.
     */
    public static Map<String, Map<String, Long>> cells(List<ClinicEvent> events) {
        Map<String, Map<String, Long>> cells = new TreeMap<>();
        for (CourseFigures c : courses(events).values()) {
            if (c.locationId() == null) {
                continue; // never opened: in no cell
            }
            String cellId = c.locationId() + "|" + c.practitionerId() + "|" + c.openingMonth() + "|" + c.chronicity();
            Map<String, Long> cell = cells.computeIfAbsent(cellId, id -> new TreeMap<>());
            count(cell, "coursesOpened", 1);
            count(cell, "baselinePainSum", c.baselinePain());
            count(cell, "histograms.baselinePain." + c.baselinePain(), 1);
            if (c.outcome() != null) {
                count(cell, "coursesClosed", 1);
                count(cell, "outcomes." + c.outcome(), 1);
            }
            if (c.painChange() != null) {
                count(cell, "coursesMeasured", 1);
                count(cell, "painChangeSum", c.painChange());
                count(cell, "histograms.painChange." + c.painChange(), 1);
            }
            count(cell, "responders", c.responder() ? 1 : 0);
            count(cell, "substantialRelief", c.substantialRelief() ? 1 : 0);
            count(cell, "recovered", c.recovered() ? 1 : 0);
            if (c.odiChange() != null) {
                count(cell, "odiMeasured", 1);
                count(cell, "odiResponders", c.odiResponder() ? 1 : 0);
            }
            if (c.sessionsToRelief() != null) {
                count(cell, "coursesWithRelief", 1);
                count(cell, "histograms.sessionsToRelief." + c.sessionsToRelief(), 1);
            }
            count(cell, "oneSessionResolutions", c.oneSessionResolution() ? 1 : 0);
            count(cell, "coursesWithHomework", c.homeworkAssigned() ? 1 : 0);
            count(cell, "coursesWithEmotionalResponse", c.emotionalResponses() > 0 ? 1 : 0);
            count(cell, "coursesWithTraumaRelatedResponse", c.traumaRelatedResponses() > 0 ? 1 : 0);
            for (String phase : c.emotionalPhases()) {
                count(cell, "coursesWithEmotionalResponseByPhase." + phase, 1);
            }
            for (SessionFigures s : c.sessions().values()) {
                boolean started = s.status().equals("STARTED") || s.status().equals("COMPLETED");
                count(cell, "sessionsStarted", started ? 1 : 0);
                count(cell, "sessionsCompleted", s.status().equals("COMPLETED") ? 1 : 0);
                count(cell, "sessionsCancelled", s.status().equals("CANCELLED") ? 1 : 0);
                count(cell, "sessionsWithPsoasRelease", s.psoasReleases() > 0 ? 1 : 0);
                count(cell, "sessionsWithEmotionalResponse", s.emotionalResponses() > 0 ? 1 : 0);
                if (s.retentionMinutes() > 0) {
                    count(cell, "sessionsWithRetention", 1);
                    count(cell, "retentionMinutesSum", s.retentionMinutes());
                    count(cell, "histograms.retentionMinutes." + s.retentionMinutes(), 1);
                }
            }
        }
        // Sessions with an emotional response by phase need the responses themselves.
        addSessionPhases(cells, events);
        cells.values().forEach(cell -> cell.values().removeIf(v -> v == 0));
        return cells;
    }

    private static void addSessionPhases(Map<String, Map<String, Long>> cells, List<ClinicEvent> events) {
        Map<String, CourseFigures> courses = courses(events);
        Map<String, Set<String>> phasesBySession = new TreeMap<>();
        Map<String, String> courseOfSession = new TreeMap<>();
        for (ClinicEvent event : events) {
            if (event instanceof EmotionalResponseNoted e) {
                phasesBySession.computeIfAbsent(e.sessionId(), id -> new TreeSet<>()).add(e.phase().name());
                courseOfSession.put(e.sessionId(), e.courseId());
            }
        }
        phasesBySession.forEach((sessionId, phases) -> {
            CourseFigures c = courses.get(courseOfSession.get(sessionId));
            if (c.locationId() == null) {
                return;
            }
            String cellId = c.locationId() + "|" + c.practitionerId() + "|" + c.openingMonth() + "|" + c.chronicity();
            for (String phase : phases) {
                count(cells.get(cellId), "sessionsWithEmotionalResponseByPhase." + phase, 1);
            }
        });
    }

    /** {@code part} as a percentage of {@code whole} (exact for whole-number results, e.g. 3 of 10 is 30.0). */
    private static double percentOf(int part, int whole) {
        return whole == 0 ? Double.POSITIVE_INFINITY : 100.0 * part / whole;
    }

    private static void count(Map<String, Long> cell, String counter, long value) {
        cell.merge(counter, value, Long::sum);
    }
}
