package dev.meridian.outcomes.projection;

import dev.meridian.events.AggregateType;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;
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
     * How long a course's exactly-once marker stays in a cell after its change is in (see {@link MarkerClearing}):
     * a consumer that lost its partition while stalled may still offer the same change within that time.
     */
    private final MarkerClearing markers;

    /** Parks so far, and whether the parking lot was seen empty with no park since: then draining is skipped. */
    private final AtomicLong parks = new AtomicLong();
    private volatile boolean parkingLotEmpty;

    /**
     * Whether this applier's batches are the only writer of its collections (a rebuild: one consumer, collections
     * of its own), so that a batch's cell sums need no server-side guard (see {@link ReadModelStore#addCellSums}).
     */
    private final boolean exclusiveWriter;
    /** The cells this applier created (exclusive writer only): they need no creation round trip. */
    private final Set<String> createdCells = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** A rebuild's read models held in memory (null: the store is written per batch). */
    private final RebuildMemory memory;

    /** With markers cleared as soon as the change is in (no grace): for a projection with one consumer. */
    public EventApplier(ReadModelStore store, ProjectionMetrics metrics, GapListener gaps, CloudEventsKafkaCodec codec,
                        Clock clock) {
        this(store, metrics, gaps, codec, clock, Duration.ZERO);
    }

    /** @param markerGrace how long cells keep a finished change's exactly-once marker (see {@link MarkerClearing}) */
    public EventApplier(ReadModelStore store, ProjectionMetrics metrics, GapListener gaps, CloudEventsKafkaCodec codec,
                        Clock clock, Duration markerGrace) {
        this(store, metrics, gaps, codec, clock, markerGrace, false);
    }

    private EventApplier(ReadModelStore store, ProjectionMetrics metrics, GapListener gaps,
                         CloudEventsKafkaCodec codec, Clock clock, Duration markerGrace, boolean exclusiveWriter) {
        this(store, metrics, gaps, codec, clock, markerGrace, exclusiveWriter, 0, HeapPressure.NONE);
    }

    /** @param maxCoursesInMemory above 0: batches are projected in memory (see {@link RebuildMemory}) */
    private EventApplier(ReadModelStore store, ProjectionMetrics metrics, GapListener gaps,
                         CloudEventsKafkaCodec codec, Clock clock, Duration markerGrace, boolean exclusiveWriter,
                         int maxCoursesInMemory, HeapPressure heap) {
        this.markers = new MarkerClearing(store, clock, markerGrace);
        this.store = store;
        this.metrics = metrics;
        this.gaps = gaps;
        this.codec = codec;
        this.clock = clock;
        this.exclusiveWriter = exclusiveWriter;
        this.memory = maxCoursesInMemory > 0 ? new RebuildMemory(store, maxCoursesInMemory, heap, createdCells)
                : null;
    }

    /**
     * An applier for a projection that is the only writer of its (fresh) collections, with one consumer: a rebuild.
     * Markers go as soon as the change is in, and a batch's cells are written by {@code _id} alone in two round
     * trips instead of one guarded update per cell (which scans the cells on the embedded server). Everything else,
     * sequences, gaps, parking and the guarded finishing of changes a failed attempt left pending, is as for the
     * live applier.
     */
    public static EventApplier exclusiveWriter(ReadModelStore store, ProjectionMetrics metrics, GapListener gaps,
                                               CloudEventsKafkaCodec codec, Clock clock) {
        return new EventApplier(store, metrics, gaps, codec, clock, Duration.ZERO, true);
    }

    /**
     * A rebuild's applier that holds the read models in memory ({@link RebuildMemory}) and writes them in bulk:
     * when {@link #flushHeld()} is called (before the swap), when more than {@code maxCoursesInMemory} courses are
     * held or the heap is short ({@code heap}), and before a batch that needs the store path (a gap, a parked or
     * refused event). The store must be this
     * rebuild's own (only writer) and is normally fresh; the documents written equal the exclusive writer's.
     */
    public static EventApplier rebuildInMemory(ReadModelStore store, ProjectionMetrics metrics, GapListener gaps,
                                               CloudEventsKafkaCodec codec, Clock clock, int maxCoursesInMemory,
                                               HeapPressure heap) {
        return new EventApplier(store, metrics, gaps, codec, clock, Duration.ZERO, true,
                Math.max(1, maxCoursesInMemory), heap);
    }

    public ReadModelStore store() {
        return store;
    }

    /**
     * Writes what this applier holds in memory (a rebuild's: {@link #rebuildInMemory}); nothing otherwise. May run
     * while the consumer applies batches (they wait for it).
     *
     * @throws IllegalStateException when the write fails: the rebuild cannot go on
     */
    public void flushHeld() {
        if (memory != null) {
            memory.flush();
        }
    }

    /** Why a rebuild's held read models could not be written, if they could not. */
    public java.util.Optional<String> heldWriteFailure() {
        return java.util.Optional.ofNullable(memory == null ? null : memory.failure());
    }

    /** Courses held in memory now (a rebuild's), for tests and logs. */
    public int coursesHeldInMemory() {
        return memory == null ? 0 : memory.coursesHeld();
    }

    /** How often a rebuild wrote what it held early because the heap was short. */
    public long earlyFlushes() {
        return memory == null ? 0 : memory.earlyFlushes();
    }

    /**
     * Forgets what this applier remembers about the stored documents, for when they may have been replaced (a
     * rebuild's collections renamed over these): it is rebuilt from the documents as events arrive.
     */
    public void forgetRememberedState() {
        parkingLotEmpty = false;
        createdCells.clear();
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
     * Whether an event of the batch belongs to a stream that has parked events (or whether that cannot be told: an
     * event was parked meanwhile). Only those streams need the one-at-a-time path; a batch of other streams' events
     * is applied as a batch, as the one-at-a-time path would apply them. Without this one parked event sent every
     * later batch one event at a time: a rebuild meeting an early gap in the topic ran at a tenth of its speed.
     */
    private boolean touchesParkedStream(List<Incoming> batch) {
        long before = parks.get();
        Set<String> parkedStreams = new HashSet<>();
        store.allParked().forEach(parked -> parkedStreams.add(parked.aggregateId()));
        if (parks.get() != before) {
            return true;
        }
        return batch.stream().anyMatch(incoming -> parkedStreams.contains(incoming.envelope().aggregateId()));
    }

    /**
     * Applies an event read from the topic (or re-read from the parking lot).
     *
     * @param headers the record's headers and {@code body} its value, kept if the event has to be parked
     * @throws IllegalArgumentException when the event cannot be projected (a contract violation, not a fault)
     */
    public Result apply(EventEnvelope envelope, Map<String, byte[]> headers, byte[] body) {
        flushHeld(); // one at a time reads the store: it must hold everything first
        Outcome outcome = applyOne(envelope, headers, body);
        if (outcome.result() != Result.PARKED) {
            // After an applied event its successor may be waiting; after a duplicate too, when an earlier run
            // stopped between applying an event and draining what it unblocked.
            drainParked(envelope.aggregateId(), outcome.appliedSequence());
        }
        return outcome.result();
    }

    /**
     * Applies a batch as {@link #applyAll} does; a batch it cannot take whole is split by owner document and each
     * part tried again, so that only the owners at fault (a gap, a parked stream, an event the projection refuses)
     * go one event at a time, handed to {@code oneAtATime} by their index in the batch (the caller applies them
     * with {@link #apply} and deals with a refusal). Each owner's events stay together and in order; owners do not
     * depend on one another, and cells are sums. Before, one gap sent the whole poll one event at a time: a
     * rebuild meeting a stream republished after a late commit took seconds for each poll of 5,000 records.
     */
    public void applyAllByOwner(List<Incoming> batch, IntConsumer oneAtATime) {
        applyPart(batch, IntStream.range(0, batch.size()).boxed().toList(), oneAtATime);
    }

    private void applyPart(List<Incoming> batch, List<Integer> part, IntConsumer oneAtATime) {
        if (applyAll(part.size() == batch.size() ? batch : part.stream().map(batch::get).toList()) != null) {
            return;
        }
        Map<String, List<Integer>> byOwner = new LinkedHashMap<>();
        for (int index : part) {
            byOwner.computeIfAbsent(batch.get(index).owner(), owner -> new ArrayList<>()).add(index);
        }
        if (byOwner.size() == 1) {
            part.forEach(oneAtATime::accept);
            return;
        }
        List<List<Integer>> owners = new ArrayList<>(byOwner.values());
        int half = owners.size() / 2;
        applyPart(batch, inBatchOrder(owners.subList(0, half)), oneAtATime);
        applyPart(batch, inBatchOrder(owners.subList(half, owners.size())), oneAtATime);
    }

    private static List<Integer> inBatchOrder(List<List<Integer>> owners) {
        List<Integer> indexes = new ArrayList<>();
        owners.forEach(indexes::addAll);
        indexes.sort(null);
        return indexes;
    }

    /** The document an event changes: its course's, or for a patient's own stream the patient's. */
    static String ownerOf(EventEnvelope envelope) {
        return envelope.aggregateType() == AggregateType.PATIENT ? ((PatientEvent) envelope.event()).patientId()
                : CourseOutcomeProjector.courseIdOf(envelope.event());
    }

    /**
     * One readable record of a batch: the event, the record as it arrived (kept if it has to be parked), and the
     * document it changes ({@link #ownerOf}), found once: the batch paths ask for it several times per event
     * (type checks and an interface call across the event classes), which was a sixth of a rebuild's batch
     * projection on its consumer thread (async-profiler, 2026-12-05: 118 of its 703 samples; 38 with the owner
     * kept here). Made with the three-argument constructor, which finds it; the record's own constructor takes the
     * owner as given.
     */
    public record Incoming(EventEnvelope envelope, Map<String, byte[]> headers, byte[] body, String owner) {

        public Incoming(EventEnvelope envelope, Map<String, byte[]> headers, byte[] body) {
            this(envelope, headers, body, ownerOf(envelope));
        }
    }

    /**
     * Applies a batch of events (a poll's readable records, each partition in order) with a handful of round trips
     * instead of several per event: the batch's courses and patients are read at once, its events applied in memory
     * in order, then each course and patient is written once, each cell once with the sum of its courses' changes
     * (one version per course, guarded per course as in the single path), and the pending changes dropped.
     *
     * <p>Only the common case: when an event of a stream with parked events is in the batch (its successors wait
     * behind the gap, and applying it drains them), an event has to be parked, or the projection refuses an
     * event, it returns false having written nothing, and the caller applies the batch one event at a time
     * ({@link #apply}), which parks and reports per event.
     *
     * @return the result per event, in batch order; null when the batch needs the one-at-a-time path
     */
    public List<Result> applyAll(List<Incoming> batch) {
        if (!parkingLotEmpty) {
            // Parked events drained since (or held by another generation) would otherwise keep every batch on the
            // slow path until the gap healer's next sweep: one count of the small parking lot per batch instead.
            refreshParkingLotState();
            if (!parkingLotEmpty && touchesParkedStream(batch)) {
                flushHeld();
                return null;
            }
        }
        if (memory != null) {
            List<Result> results = memory.applyAll(batch);
            if (results != null) {
                countResults(batch, results);
                return results;
            }
            // Unusual: what was held is written, the store path takes the batch (and may leave it to one at a time).
        }
        Set<String> courseIds = new LinkedHashSet<>();
        Set<String> patientIds = new LinkedHashSet<>();
        for (Incoming incoming : batch) {
            if (incoming.envelope().aggregateType() == AggregateType.PATIENT) {
                patientIds.add(incoming.owner());
            } else {
                courseIds.add(incoming.owner());
            }
        }
        Map<String, CourseOutcomeDocument> courses = store.findCourses(courseIds);
        Map<String, PatientStreamDocument> patients = store.findPatients(patientIds);
        Set<String> storedCourses = Set.copyOf(courses.keySet());
        Set<String> storedPatients = Set.copyOf(patients.keySet());
        // Changes a crash left between the course's write and its cells': finished first, as the single path does.
        Map<String, PendingCellChange> leftovers = new LinkedHashMap<>();
        Map<String, CourseOutcomeDocument.CellContribution> before = new HashMap<>();
        courses.values().forEach(course -> {
            if (course.pendingCellChange != null) {
                leftovers.put(course.id, course.pendingCellChange);
            }
            before.put(course.id, course.cellContribution);
        });

        List<Result> results = new ArrayList<>(batch.size());
        Set<String> changedCourses = new LinkedHashSet<>();
        Set<String> changedPatients = new LinkedHashSet<>();
        for (Incoming incoming : batch) {
            EventEnvelope envelope = incoming.envelope();
            boolean patientStream = envelope.aggregateType() == AggregateType.PATIENT;
            String ownerId = incoming.owner();
            Long applied = patientStream
                    ? patients.computeIfAbsent(ownerId, PatientStreamDocument::empty).applied.get(envelope.aggregateId())
                    : courses.computeIfAbsent(ownerId, CourseOutcomeDocument::empty).appliedSequence(envelope.aggregateId());
            long expected = expectedSequence(applied);
            if (envelope.aggregateSequence() < expected) {
                results.add(Result.DUPLICATE);
                continue;
            }
            if (envelope.aggregateSequence() > expected) {
                return null; // a gap: parking is the single path's
            }
            if (patientStream) {
                applyToPatientStream(patients.get(ownerId), envelope);
                changedPatients.add(ownerId);
            } else {
                try {
                    applyInOrder(courses.get(ownerId), envelope, false); // the batch's changes: below
                } catch (RuntimeException e) {
                    return null; // the single path dead-letters it, and applies the others
                }
                changedCourses.add(ownerId);
            }
            results.add(Result.APPLIED);
        }

        // One change per course for the whole batch: from its contribution before to the one after.
        Map<String, CellSum> cellSums = new LinkedHashMap<>();
        for (String courseId : changedCourses) {
            CourseOutcomeDocument course = courses.get(courseId);
            course.pendingCellChange = null;
            List<CellChange> changes = CellContributions.difference(before.get(courseId), course.cellContribution);
            if (!changes.isEmpty()) {
                course.pendingCellChange = new PendingCellChange(course.cellVersion, changes);
                for (CellChange change : changes) {
                    cellSums.computeIfAbsent(change.cell.id(), id -> new CellSum(change.cell))
                            .add(courseId, course.cellVersion, change);
                }
            }
        }

        leftovers.forEach((courseId, pending) -> pending.changes.forEach(change ->
                store.applyCellChange(courseId, pending.version, change)));
        store.saveCourses(changedCourses.stream().map(courses::get).toList(), storedCourses);
        store.savePatients(changedPatients.stream().map(patients::get).toList(), storedPatients);
        if (exclusiveWriter) {
            // Fresh changes of the only writer cannot be in their cells yet (written after the courses): no guard.
            store.addCellSums(cellSums.values().stream()
                    .map(sum -> new ReadModelStore.CellSumUpdate(sum.key, sum.increments, sum.versions)).toList(),
                    createdCells);
        } else {
            for (CellSum sum : cellSums.values()) {
                if (!store.applyCellChanges(sum.key, sum.increments, sum.versions)) {
                    // Some course's change is in already (a redo): each course's own guard decides.
                    sum.changes.forEach((courseId, change) ->
                            store.applyCellChange(courseId, sum.versions.get(courseId), change));
                }
            }
        }
        if (!leftovers.isEmpty() || !cellSums.isEmpty()) {
            store.cellsChanged();
        }
        CellCourses lists = new CellCourses();
        leftovers.forEach((courseId, pending) -> pending.changes.forEach(change -> lists.add(courseId, change)));
        cellSums.values().forEach(sum -> sum.changes.forEach(lists::add));
        lists.write(store);
        Set<String> pendingDone = new LinkedHashSet<>(leftovers.keySet());
        cellSums.values().forEach(sum -> pendingDone.addAll(sum.versions.keySet()));
        store.clearPendingCellChanges(pendingDone);
        cellSums.values().forEach(sum -> markers.schedule(sum.key.id(), sum.versions.keySet()));
        leftovers.forEach((courseId, pending) -> pending.changes.forEach(change ->
                markers.schedule(change.cell.id(), List.of(courseId))));
        markers.clearDue();
        countResults(batch, results);
        return results;
    }

    private void countResults(List<Incoming> batch, List<Result> results) {
        // Counted per type for the batch: a counter look-up per event was a few per cent of a rebuild (profiled).
        long[] applied = new long[AggregateType.values().length];
        long[] duplicates = new long[applied.length];
        for (int i = 0; i < batch.size(); i++) {
            int type = batch.get(i).envelope().aggregateType().ordinal();
            if (results.get(i) == Result.APPLIED) {
                applied[type]++;
            } else {
                duplicates[type]++;
            }
        }
        for (AggregateType type : AggregateType.values()) {
            metrics.applied(type, applied[type.ordinal()]);
            metrics.duplicates(type, duplicates[type.ordinal()]);
        }
    }

    /** The sequence rule: a stream's next event follows its last applied one (null: none yet, so 0). */
    static long expectedSequence(Long appliedSequence) {
        return appliedSequence == null ? 0 : appliedSequence + 1;
    }

    /**
     * Which courses enter and leave which cells' course lists: a change that opens the course in a cell
     * ({@code coursesOpened +1}) adds it, one that takes it out ({@code -1}) removes it. Derived from the changes, so
     * that finishing a change left by a crash updates the lists too.
     */
    private static final class CellCourses {
        final Map<String, Set<String>> added = new LinkedHashMap<>();
        final Map<String, Set<String>> removed = new LinkedHashMap<>();

        void add(String courseId, CellChange change) {
            long delta = CellContributions.coursesOpenedDelta(change);
            if (delta > 0) {
                added.computeIfAbsent(change.cell.id(), id -> new LinkedHashSet<>()).add(courseId);
            } else if (delta < 0) {
                removed.computeIfAbsent(change.cell.id(), id -> new LinkedHashSet<>()).add(courseId);
            }
        }

        void write(ReadModelStore store) {
            store.updateCellCourses(added, removed); // one round trip for all cells
        }
    }

    /** One cell's changes in a batch: the summed increments, and each course's version and own change. */
    private static final class CellSum {
        final CellKey key;
        final Map<String, Long> increments = new LinkedHashMap<>();
        final Map<String, Long> versions = new LinkedHashMap<>();
        final Map<String, CellChange> changes = new LinkedHashMap<>();

        CellSum(CellKey key) {
            this.key = key;
        }

        void add(String courseId, long version, CellChange change) {
            NestedCounters.flatten(change.increments).forEach((path, delta) -> increments.merge(path, delta, Long::sum));
            versions.put(courseId, version);
            changes.put(courseId, change);
        }
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
        return applyInOrder(course, envelope, true);
    }

    /**
     * As {@link #applyInOrder(CourseOutcomeDocument, EventEnvelope)}; without {@code changes} the event's own cell
     * changes are neither computed nor recorded as pending (the batch paths record one change per course for the
     * whole batch, from its contribution before the batch to the one after): the course's contribution and cell
     * version are the same either way.
     *
     * @return the cell changes (empty without {@code changes})
     */
    static List<CellChange> applyInOrder(CourseOutcomeDocument course, EventEnvelope envelope, boolean changes) {
        CourseOutcomeProjector.apply(course, envelope.event());
        course.applied.put(envelope.aggregateId(), envelope.aggregateSequence());
        CourseOutcomeDocument.CellContribution before = course.cellContribution;
        CourseOutcomeDocument.CellContribution contribution = CellContributions.ofIfChanged(course, before);
        if (contribution == before) {
            return List.of();
        }
        course.cellVersion++;
        course.cellContribution = contribution;
        if (!changes) {
            return List.of();
        }
        List<CellChange> cellChanges = CellContributions.difference(before, contribution);
        course.pendingCellChange = new PendingCellChange(course.cellVersion, cellChanges);
        return cellChanges;
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
        applyToPatientStream(patient, envelope);
        store.savePatient(patient);
        metrics.applied(envelope.aggregateType());
        return new Outcome(Result.APPLIED, envelope.aggregateSequence());
    }

    static void applyToPatientStream(PatientStreamDocument patient, EventEnvelope envelope) {
        PatientEvent event = (PatientEvent) envelope.event();
        if (event instanceof PatientRegistered || event instanceof PatientTransferred) {
            patient.homeLocationId = event.locationId();
        } else if (event instanceof PatientErased) {
            patient.erased = true;
        }
        patient.applied.put(envelope.aggregateId(), envelope.aggregateSequence());
    }

    /** Null when the event is the next of its stream; otherwise what was done with it instead. */
    private Outcome checkSequence(EventEnvelope envelope, Long appliedSequence, Map<String, byte[]> headers,
                                  byte[] body) {
        long expected = expectedSequence(appliedSequence);
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
     * Makes sure the course's pending cell change is in the cells (each cell's guard lets it in at most once), then
     * drops it from the stored course and has its markers cleared after the grace period.
     */
    private void finishPendingCellChange(CourseOutcomeDocument course) {
        PendingCellChange pending = course.pendingCellChange;
        if (pending == null) {
            return;
        }
        CellCourses lists = new CellCourses();
        for (CellChange change : pending.changes) {
            store.applyCellChange(course.id, pending.version, change);
            lists.add(course.id, change);
        }
        store.cellsChanged();
        lists.write(store);
        store.clearPendingCellChanges(List.of(course.id));
        course.pendingCellChange = null;
        for (CellChange change : pending.changes) {
            markers.schedule(change.cell.id(), List.of(course.id));
        }
        markers.clearDue();
    }
}
