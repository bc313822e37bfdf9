package dev.meridian.outcomes.projection;

import dev.meridian.events.EventTypes;
import dev.meridian.events.PatientErased;
import dev.meridian.events.PatientEvent;
import dev.meridian.events.PatientRegistered;
import dev.meridian.events.PatientTransferred;
import dev.meridian.events.envelope.CloudEventsKafkaCodec;
import dev.meridian.events.envelope.EventEnvelope;
import dev.meridian.events.envelope.UnreadableEventException;
import dev.meridian.outcomes.projection.CourseOutcomeDocument.CellChange;
import dev.meridian.outcomes.projection.CourseOutcomeDocument.PendingCellChange;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies events to one generation of read models, each aggregate's stream in order and each event at most once:
 * <ul>
 *   <li>an event at or below the aggregate's applied sequence is a duplicate and changes nothing;</li>
 *   <li>an event beyond the next sequence is parked (held back), the gap counted, logged and reported to the
 *       {@link GapListener} (which asks practice-service to republish the aggregate);</li>
 *   <li>the next event is applied, and then any parked successors, in order.</li>
 * </ul>
 * Not thread-safe per aggregate: one consumer thread owns a partition, and all of a patient's streams share one.
 */
public final class EventApplier {

    private static final Logger log = LoggerFactory.getLogger(EventApplier.class);

    public enum Result { APPLIED, DUPLICATE, PARKED }

    private final ReadModelStore store;
    private final ProjectionMetrics metrics;
    private final GapListener gaps;
    private final CloudEventsKafkaCodec codec;
    private final Clock clock;

    /**
     * Cell changes known to be in the cells (course id -> version), so that the pending change stored with a course
     * needs neither a second write to clear it nor a guarded re-application on the course's next event. Lost on
     * restart, which costs one refused (guarded) re-application per course, nothing more.
     */
    private final Map<String, Long> finishedCellChanges = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > 50_000;
        }
    };

    /** Parks so far, and whether the parking lot was seen empty with no park since: then draining is skipped. */
    private final AtomicLong parks = new AtomicLong();
    private volatile boolean parkingLotEmpty;

    public EventApplier(ReadModelStore store, ProjectionMetrics metrics, GapListener gaps, CloudEventsKafkaCodec codec,
                        Clock clock) {
        this.store = store;
        this.metrics = metrics;
        this.gaps = gaps;
        this.codec = codec;
        this.clock = clock;
    }

    public ReadModelStore store() {
        return store;
    }

    /**
     * Forgets what this applier remembers about the stored documents, for when they may have been replaced (a
     * rebuild's collections renamed over these): it is rebuilt from the documents as events arrive.
     */
    public void forgetRememberedState() {
        synchronized (finishedCellChanges) {
            finishedCellChanges.clear();
        }
        parkingLotEmpty = false;
    }

    /**
     * Looks whether anything is parked, so that the next events need not look for parked successors while nothing
     * is (one lookup fewer per event). Called when consumption starts and by every sweep of the gap healer.
     */
    public void refreshParkingLotState() {
        long before = parks.get();
        boolean empty = store.parkedCount() == 0;
        parkingLotEmpty = empty && parks.get() == before;
    }

    /**
     * Applies an event read from the topic (or re-read from the parking lot).
     *
     * @param headers the record's headers and {@code body} its value, kept if the event has to be parked
     * @throws IllegalArgumentException when the event cannot be projected (a contract violation, not a fault)
     */
    public Result apply(EventEnvelope envelope, Map<String, byte[]> headers, byte[] body) {
        Outcome outcome = applyOne(envelope, headers, body);
        if (outcome.result() != Result.PARKED) {
            // After an applied event its successor may be waiting; after a duplicate too, when an earlier run
            // stopped between applying an event and draining what it unblocked.
            drainParked(envelope.aggregateId(), outcome.appliedSequence());
        }
        return outcome.result();
    }

    /** What happened to one event, and the aggregate's applied sequence afterwards (-1: none yet). */
    private record Outcome(Result result, long appliedSequence) {
    }

    private Outcome applyOne(EventEnvelope envelope, Map<String, byte[]> headers, byte[] body) {
        return switch (envelope.aggregateType()) {
            case PATIENT -> applyToPatient(envelope, headers, body);
            case TREATMENT_COURSE, SESSION -> applyToCourse(envelope, headers, body);
        };
    }

    /**
     * Applies the next event of one of the course's streams (its sequence already checked) and, when the course's
     * cell contribution changes, records the change as pending under a new cell version: the one projection step
     * shared by the live applier and the bulk filling.
     *
     * @return the cell changes to apply, empty when the course counts in the same cells as before
     */
    static List<CellChange> applyInOrder(CourseOutcomeDocument course, EventEnvelope envelope) {
        CourseOutcomeProjector.apply(course, envelope.event());
        course.applied.put(envelope.aggregateId(), envelope.aggregateSequence());
        CourseOutcomeDocument.CellContribution contribution = CellContributions.of(course);
        List<CellChange> changes = CellContributions.difference(course.cellContribution, contribution);
        if (!changes.isEmpty()) {
            course.cellVersion++;
            course.cellContribution = contribution;
            course.pendingCellChange = new PendingCellChange(course.cellVersion, changes);
        }
        return changes;
    }

    private Outcome applyToCourse(EventEnvelope envelope, Map<String, byte[]> headers, byte[] body) {
        String courseId = CourseOutcomeProjector.courseIdOf(envelope.event());
        CourseOutcomeDocument course = store.findCourse(courseId).orElseGet(() -> CourseOutcomeDocument.empty(courseId));
        finishPendingCellChange(course);

        Outcome check = checkSequence(envelope, course.appliedSequence(envelope.aggregateId()), headers, body);
        if (check != null) {
            return check;
        }
        applyInOrder(course, envelope);
        store.saveCourse(course);
        finishPendingCellChange(course);
        metrics.applied(envelope.aggregateType());
        return new Outcome(Result.APPLIED, envelope.aggregateSequence());
    }

    private Outcome applyToPatient(EventEnvelope envelope, Map<String, byte[]> headers, byte[] body) {
        PatientEvent event = (PatientEvent) envelope.event();
        PatientStreamDocument patient = store.findPatient(event.patientId())
                .orElseGet(() -> PatientStreamDocument.empty(event.patientId()));
        Outcome check = checkSequence(envelope, patient.applied.get(envelope.aggregateId()), headers, body);
        if (check != null) {
            return check;
        }
        if (event instanceof PatientRegistered || event instanceof PatientTransferred) {
            patient.homeLocationId = event.locationId();
        } else if (event instanceof PatientErased) {
            patient.erased = true;
        }
        patient.applied.put(envelope.aggregateId(), envelope.aggregateSequence());
        store.savePatient(patient);
        metrics.applied(envelope.aggregateType());
        return new Outcome(Result.APPLIED, envelope.aggregateSequence());
    }

    /** Null when the event is the next of its stream; otherwise what was done with it instead. */
    private Outcome checkSequence(EventEnvelope envelope, Long appliedSequence, Map<String, byte[]> headers,
                                  byte[] body) {
        long expected = appliedSequence == null ? 0 : appliedSequence + 1;
        long sequence = envelope.aggregateSequence();
        if (sequence < expected) {
            metrics.duplicate(envelope.aggregateType());
            return new Outcome(Result.DUPLICATE, expected - 1);
        }
        if (sequence > expected) {
            park(envelope, expected, headers, body);
            return new Outcome(Result.PARKED, expected - 1);
        }
        return null;
    }

    private void park(EventEnvelope envelope, long expected, Map<String, byte[]> headers, byte[] body) {
        String aggregateId = envelope.aggregateId();
        long sequence = envelope.aggregateSequence();
        // A new gap unless the event just before this one is already waiting (then it is the same gap).
        boolean newGap = !store.isParked(aggregateId, sequence - 1);
        parks.incrementAndGet();
        parkingLotEmpty = false;
        store.park(new ParkedEvent(envelope.aggregateType(), aggregateId, sequence, expected,
                EventTypes.typeOf(envelope.event().getClass()), clock.instant(), headers, body));
        metrics.parked(envelope.aggregateType());
        if (newGap) {
            metrics.gap(envelope.aggregateType());
            // Ids are pseudonymous; no event content is logged.
            log.warn("Gap in {} {}: expected sequence {}, received {}; event parked, republish requested",
                    envelope.aggregateType(), aggregateId, expected, sequence);
        }
        gaps.gapDetected(envelope.aggregateType(), aggregateId, expected, sequence);
    }

    private void drainParked(String aggregateId, long appliedSequence) {
        long applied = appliedSequence;
        while (!parkingLotEmpty) {
            long next = applied + 1;
            ParkedEvent parked = store.findParked(aggregateId, next).orElse(null);
            if (parked == null) {
                return;
            }
            EventEnvelope envelope;
            try {
                envelope = codec.decode(parked.headers(), parked.body());
            } catch (UnreadableEventException e) {
                // It was readable when parked; only a contract change could make it unreadable now.
                log.error("Parked event {} no longer decodes; dropped", parked.id());
                store.deleteParked(aggregateId, next);
                return;
            }
            Outcome outcome = applyOne(envelope, parked.headers(), parked.body());
            store.deleteParked(aggregateId, next);
            if (outcome.result() == Result.PARKED) {
                return; // cannot happen: it was the next sequence
            }
            applied = outcome.appliedSequence();
        }
    }

    /**
     * Deletes a parked event whose sequence was applied meanwhile (left behind by a run that stopped between
     * applying it and deleting it).
     *
     * @return whether it was stale
     */
    public boolean discardIfStale(ParkedEvent parked) {
        Long applied;
        if (parked.aggregateType() == dev.meridian.events.AggregateType.PATIENT) {
            applied = store.findPatient(parked.aggregateId()).map(p -> p.applied.get(parked.aggregateId())).orElse(null);
        } else {
            EventEnvelope envelope;
            try {
                envelope = codec.decode(parked.headers(), parked.body());
            } catch (UnreadableEventException e) {
                store.deleteParked(parked.aggregateId(), parked.sequence());
                return true;
            }
            applied = store.findCourse(CourseOutcomeProjector.courseIdOf(envelope.event()))
                    .map(c -> c.applied.get(parked.aggregateId())).orElse(null);
        }
        if (applied != null && parked.sequence() <= applied) {
            store.deleteParked(parked.aggregateId(), parked.sequence());
            return true;
        }
        return false;
    }

    /**
     * Makes sure the course's pending cell change is in the cells: each cell's guard lets it in at most once. The
     * change stays recorded in the stored course document until the course's next write drops it.
     */
    private void finishPendingCellChange(CourseOutcomeDocument course) {
        PendingCellChange pending = course.pendingCellChange;
        if (pending == null) {
            return;
        }
        Long finished;
        synchronized (finishedCellChanges) {
            finished = finishedCellChanges.get(course.id);
        }
        if (finished == null || finished < pending.version) {
            for (CellChange change : pending.changes) {
                store.applyCellChange(course.id, pending.version, change);
            }
            synchronized (finishedCellChanges) {
                finishedCellChanges.put(course.id, pending.version);
            }
        }
        course.pendingCellChange = null;
    }
}
