package dev.meridian.outcomes.support;

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
import dev.meridian.events.PatientErased;
import dev.meridian.events.PatientRegistered;
import dev.meridian.events.PatientTransferred;
import dev.meridian.events.PersonalDetails;
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
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Hand-built event histories, as practice-service would store them: each event gets its aggregate's next
 * sequence number and a stable event id, and the clock moves forward a little with every event.
 */
public final class History {

    private final List<EventEnvelope> envelopes = new ArrayList<>();
    private final Map<String, Long> sequences = new HashMap<>();
    private Instant now;

    public History() {
        this(Instant.parse("2026-03-02T09:00:00Z"));
    }

    public History(Instant start) {
        this.now = start;
    }

    public List<EventEnvelope> envelopes() {
        return List.copyOf(envelopes);
    }

    public List<ClinicEvent> events() {
        return envelopes.stream().map(EventEnvelope::event).toList();
    }

    /** Every event of one aggregate, in sequence order. */
    public List<EventEnvelope> streamOf(String aggregateId) {
        return envelopes.stream().filter(e -> e.aggregateId().equals(aggregateId)).toList();
    }

    /** Last sequence per aggregate: what practice-service's {@code GET /internal/streams} answers. */
    public Map<String, Long> lastSequences() {
        Map<String, Long> last = new LinkedHashMap<>();
        envelopes.forEach(e -> last.put(e.aggregateId(), e.aggregateSequence()));
        return last;
    }

    public Map<String, AggregateType> aggregateTypes() {
        Map<String, AggregateType> types = new LinkedHashMap<>();
        envelopes.forEach(e -> types.put(e.aggregateId(), e.aggregateType()));
        return types;
    }

    public Instant now() {
        return now;
    }

    public History at(Instant instant) {
        now = instant;
        return this;
    }

    public History advance(Duration duration) {
        now = now.plus(duration);
        return this;
    }

    public EventEnvelope append(ClinicEvent event) {
        long sequence = sequences.merge(event.aggregateId(), 1L, Long::sum) - 1;
        EventEnvelope envelope = new EventEnvelope(
                UUID.nameUUIDFromBytes((event.aggregateId() + ":" + sequence).getBytes()).toString(),
                "/meridian/practice-service/test", event.occurredAt(), event.aggregateType(), event.aggregateId(),
                sequence, event);
        envelopes.add(envelope);
        return envelope;
    }

    private Instant tick() {
        now = now.plus(Duration.ofMinutes(7));
        return now;
    }

    private static String newId() {
        return UUID.randomUUID().toString();
    }

    // --- the clinical story, step by step ---

    public String registerPatient(String locationId) {
        String patientId = newId();
        append(new PatientRegistered(patientId, locationId,
                new PersonalDetails("Ada", "Example", LocalDate.of(1980, 5, 17), "ada@example.org", null),
                1980, false, tick()));
        return patientId;
    }

    public void transferPatient(String patientId, String from, String to) {
        append(new PatientTransferred(patientId, to, from, tick()));
    }

    public void erasePatient(String patientId, String locationId) {
        append(new PatientErased(patientId, locationId, tick()));
    }

    public Course openCourse(String patientId, String locationId, String practitionerId, Chronicity chronicity,
                             int baselinePain, Integer baselineOdi) {
        String courseId = newId();
        Instant at = tick();
        LocalDate openedOn = at.atOffset(ZoneOffset.UTC).toLocalDate();
        LocalDate onset = switch (chronicity) {
            case ACUTE -> openedOn.minusWeeks(2);
            case SUBACUTE -> openedOn.minusWeeks(8);
            case CHRONIC -> openedOn.minusWeeks(30);
        };
        append(new TreatmentCourseOpened(courseId, patientId, locationId, practitionerId, Complaint.LOW_BACK_PAIN,
                PainLocation.CENTRAL_LUMBAR, onset, chronicity, OnsetTrigger.LIFTING, baselinePain, baselineOdi, at));
        return new Course(courseId, patientId, locationId, practitionerId);
    }

    public final class Course {
        public final String courseId;
        public final String patientId;
        public final String locationId;
        public final String practitionerId;

        Course(String courseId, String patientId, String locationId, String practitionerId) {
            this.courseId = courseId;
            this.patientId = patientId;
            this.locationId = locationId;
            this.practitionerId = practitionerId;
        }

        public Session scheduleSession() {
            String sessionId = newId();
            Instant at = tick();
            append(new SessionScheduled(sessionId, courseId, patientId, locationId, practitionerId,
                    at.plus(Duration.ofDays(1)), at));
            return new Session(sessionId, this);
        }

        /** A session scheduled, started and completed with the given pain scores and nothing else. */
        public Session session(int prePain, int postPain) {
            Session session = scheduleSession();
            session.start(prePain);
            session.complete(postPain);
            return session;
        }

        public Course homework(Exercise... exercises) {
            append(new HomeworkAssigned(courseId, patientId, locationId, List.of(exercises), "stretch daily", tick()));
            return this;
        }

        public Course followUp(int pain, Integer odi) {
            Instant at = tick();
            append(new OutcomeMeasured(courseId, patientId, locationId, at.atOffset(ZoneOffset.UTC).toLocalDate(),
                    pain, odi, at));
            return this;
        }

        public Course close(CourseOutcome outcome, int closingPain) {
            append(new TreatmentCourseClosed(courseId, patientId, locationId, outcome, closingPain, tick()));
            return this;
        }
    }

    public final class Session {
        public final String sessionId;
        private final Course course;

        Session(String sessionId, Course course) {
            this.sessionId = sessionId;
            this.course = course;
        }

        public Session start(int prePain) {
            append(new SessionStarted(sessionId, course.courseId, course.patientId, course.locationId, prePain, tick()));
            return this;
        }

        public Session releasePsoas(Side side, boolean twitch) {
            append(new PsoasReleased(sessionId, course.courseId, course.patientId, course.locationId, side,
                    Technique.TRIGGER_POINT_DRY_NEEDLING, twitch, 4, tick()));
            return this;
        }

        public Session retain(int minutes) {
            append(new NeedlesRetained(sessionId, course.courseId, course.patientId, course.locationId,
                    List.of(Muscle.QUADRATUS_LUMBORUM, Muscle.ERECTOR_SPINAE), 8, minutes, tick()));
            return this;
        }

        public Session emotionalResponse(EmotionalPhase phase, Intensity intensity, TraumaRelated trauma) {
            append(new EmotionalResponseNoted(sessionId, course.courseId, course.patientId, course.locationId, phase,
                    intensity, trauma, "a private note", tick()));
            return this;
        }

        public Session complete(int postPain) {
            append(new SessionCompleted(sessionId, course.courseId, course.patientId, course.locationId, postPain,
                    tick()));
            return this;
        }

        public Session cancel(CancellationReason reason) {
            append(new SessionCancelled(sessionId, course.courseId, course.patientId, course.locationId, reason,
                    tick()));
            return this;
        }
    }
}
