package dev.meridian.outcomes.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import dev.meridian.events.AggregateType;
import dev.meridian.events.Chronicity;
import dev.meridian.events.CourseOutcome;
import dev.meridian.events.Exercise;
import dev.meridian.events.envelope.CloudEventsKafkaCodec;
import dev.meridian.events.envelope.EncodedRecord;
import dev.meridian.events.envelope.EventEnvelope;
import dev.meridian.events.envelope.UnreadableEventException;
import dev.meridian.outcomes.projection.CourseOutcomeDocument.PendingCellChange;
import dev.meridian.outcomes.projection.EventApplier.Result;
import dev.meridian.outcomes.recount.IndependentRecount;
import dev.meridian.outcomes.recount.ProjectedFigures;
import dev.meridian.outcomes.support.History;
import dev.meridian.security.testing.MovingClock;
import dev.meridian.outcomes.support.TestServers;
import dev.meridian.outcomes.support.Workloads;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The applier on the real wire protocol, without Kafka: each stream in order, each event at most once, gaps parked
 * and drained, and a cell change interrupted between its two writes finished exactly once.
 */
class EventApplierTest {

    private final CloudEventsKafkaCodec codec = new CloudEventsKafkaCodec();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final List<String> gaps = new ArrayList<>();
    /** The events {@link #handleInBatches} applied one at a time. */
    private final List<EventEnvelope> oneAtATime = new ArrayList<>();
    private MongoDatabase database;
    private ReadModelStore store;
    private EventApplier applier;



    @BeforeEach
    void freshDatabase() {
        database = TestServers.freshDatabase("applier");
        store = new ReadModelStore(database, "");
        restart();
    }

    /** A new applier on the same database, as after a crash: nothing kept in memory. */
    private void restart() {
        applier = new EventApplier(store, new ProjectionMetrics(registry, "live"),
                (type, id, expected, received) -> gaps.add(id + ":" + expected + "->" + received), codec,
                Clock.systemUTC());
    }

    /** The records as the consumer hands them over: encoded, then decoded. */
    private List<EventApplier.Incoming> incoming(List<EventEnvelope> envelopes) {
        List<EventApplier.Incoming> batch = new ArrayList<>();
        for (EventEnvelope envelope : envelopes) {
            EncodedRecord record = codec.encode(envelope);
            try {
                batch.add(new EventApplier.Incoming(codec.decode(record.headers(), record.value()), record.headers(),
                        record.value()));
            } catch (UnreadableEventException e) {
                throw new AssertionError(e);
            }
        }
        return batch;
    }

    /** Applies the events in batches of {@code size}, as polls would; every batch must take the batch path. */
    private List<Result> applyInBatches(List<EventEnvelope> envelopes, int size) {
        applier.refreshParkingLotState();
        List<Result> results = new ArrayList<>();
        for (int from = 0; from < envelopes.size(); from += size) {
            List<Result> batch = applier.applyAll(incoming(envelopes.subList(from, Math.min(envelopes.size(),
                    from + size))));
            assertThat(batch).as("batch from %d took the batch path", from).isNotNull();
            results.addAll(batch);
        }
        return results;
    }

    private Result apply(EventEnvelope envelope) {
        EncodedRecord record = codec.encode(envelope);
        try {
            EventEnvelope decoded = codec.decode(record.headers(), record.value());
            return applier.apply(decoded, record.headers(), record.value());
        } catch (UnreadableEventException e) {
            throw new AssertionError(e);
        }
    }

    private List<Document> all(String collection) {
        return database.getCollection(collection).find().sort(Sorts.ascending("_id")).into(new ArrayList<>());
    }

    @Test
    void aWorkloadAppliedTwiceEqualsTheRecountAndTheSecondPassChangesNothing() {
        History history = Workloads.generate(11, 12);
        history.envelopes().forEach(this::apply);
        List<Document> courses = all(ReadModelStore.COURSE_OUTCOMES);
        List<Document> cells = all(ReadModelStore.DASHBOARD_CELLS);
        assertThat(ProjectedFigures.courses(courses)).isEqualTo(IndependentRecount.courses(history.events()));
        assertThat(ProjectedFigures.cells(cells)).isEqualTo(IndependentRecount.cells(history.events()));

        List<Result> second = history.envelopes().stream().map(this::apply).toList();

        assertThat(second).containsOnly(Result.DUPLICATE);
        assertThat(all(ReadModelStore.COURSE_OUTCOMES)).isEqualTo(courses);
        assertThat(all(ReadModelStore.DASHBOARD_CELLS)).isEqualTo(cells);
    }

    @Test
    void anEventBeyondTheNextSequenceIsParkedUntilItsPredecessorArrivesThenAppliedInOrder() {
        History history = new History();
        String patient = history.registerPatient("loc-north");
        History.Course course = history.openCourse(patient, "loc-north", "pr-1", Chronicity.CHRONIC, 8, null);
        course.homework(Exercise.PSOAS_STRETCH);
        course.followUp(4, null);
        course.close(CourseOutcome.IMPROVED, 4);
        List<EventEnvelope> stream = history.streamOf(course.courseId); // sequences 0..3

        assertThat(apply(stream.get(0))).isEqualTo(Result.APPLIED);
        assertThat(apply(stream.get(2))).isEqualTo(Result.PARKED);
        assertThat(apply(stream.get(3))).isEqualTo(Result.PARKED);

        assertThat(store.findCourse(course.courseId).orElseThrow().applied).containsEntry(course.courseId, 0L);
        assertThat(store.findCourse(course.courseId).orElseThrow().latestPain).isNull();
        assertThat(all(ReadModelStore.PARKED_EVENTS)).extracting(d -> d.getString("_id"))
                .containsExactly(course.courseId + ":2", course.courseId + ":3");
        assertThat(registry.counter(ProjectionMetrics.GAPS, "projection", "live", "aggregateType",
                AggregateType.TREATMENT_COURSE.name()).count()).as("one gap, two events behind it").isEqualTo(1);
        assertThat(gaps).containsExactly(course.courseId + ":1->2", course.courseId + ":1->3");

        assertThat(apply(stream.get(1))).isEqualTo(Result.APPLIED);

        CourseOutcomeDocument healed = store.findCourse(course.courseId).orElseThrow();
        assertThat(healed.applied).containsEntry(course.courseId, 3L);
        assertThat(healed.closed).isTrue();
        assertThat(healed.latestPain).isEqualTo(4);
        assertThat(all(ReadModelStore.PARKED_EVENTS)).isEmpty();
        history.envelopes().stream().filter(e -> e.aggregateType() == AggregateType.PATIENT).forEach(this::apply);
        assertThat(ProjectedFigures.cells(all(ReadModelStore.DASHBOARD_CELLS)))
                .isEqualTo(IndependentRecount.cells(history.events()));
    }

    @Test
    void aParkedEventLeftBehindAfterItWasAppliedIsDiscardedBySweepingNotAppliedAgain() {
        History history = new History();
        String patient = history.registerPatient("loc-north");
        History.Course course = history.openCourse(patient, "loc-north", "pr-1", Chronicity.ACUTE, 5, null);
        course.session(5, 1);
        List<EventEnvelope> stream = history.streamOf(course.courseId);
        apply(stream.get(0));
        EventEnvelope session = history.envelopes().stream().filter(e -> e.aggregateType() == AggregateType.SESSION)
                .findFirst().orElseThrow();
        apply(session);
        EncodedRecord record = codec.encode(session);
        ParkedEvent stale = new ParkedEvent(AggregateType.SESSION, session.aggregateId(), 0, 0,
                "meridian.session.SessionScheduled.v1", Clock.systemUTC().instant(), record.headers(), record.value());
        store.park(stale);

        assertThat(applier.discardIfStale(stale)).isTrue();
        assertThat(all(ReadModelStore.PARKED_EVENTS)).isEmpty();
    }

    @Test
    void aCellChangeInterruptedBeforeTheCellsWereWrittenIsFinishedByTheRedeliveredEvent() {
        History history = new History();
        String patient = history.registerPatient("loc-north");
        History.Course course = history.openCourse(patient, "loc-north", "pr-1", Chronicity.CHRONIC, 8, null);
        course.session(8, 3);
        history.envelopes().forEach(this::apply);
        CourseOutcomeDocument before = store.findCourse(course.courseId).orElseThrow();
        List<Document> cellsBefore = all(ReadModelStore.DASHBOARD_CELLS);
        course.close(CourseOutcome.IMPROVED, 3);
        EventEnvelope closing = history.envelopes().get(history.envelopes().size() - 1);
        apply(closing);
        CourseOutcomeDocument after = store.findCourse(course.courseId).orElseThrow();
        List<Document> cellsAfter = all(ReadModelStore.DASHBOARD_CELLS);
        assertThat(cellsAfter).isNotEqualTo(cellsBefore);

        // The crash: the course document was written with its pending change, the cells were not.
        database.getCollection(ReadModelStore.DASHBOARD_CELLS).deleteMany(new Document());
        database.getCollection(ReadModelStore.DASHBOARD_CELLS).insertMany(cellsBefore);
        after.pendingCellChange = new PendingCellChange(after.cellVersion,
                CellContributions.difference(before.cellContribution, after.cellContribution));
        store.saveCourse(after);
        restart();

        assertThat(apply(closing)).isEqualTo(Result.DUPLICATE);

        assertThat(all(ReadModelStore.DASHBOARD_CELLS)).isEqualTo(cellsAfter);
    }

    @Test
    void aCellChangeInterruptedAfterTheCellsWereWrittenIsNotAppliedTwice() {
        History history = new History();
        String patient = history.registerPatient("loc-north");
        History.Course course = history.openCourse(patient, "loc-north", "pr-1", Chronicity.CHRONIC, 8, null);
        course.session(8, 3);
        history.envelopes().forEach(this::apply);
        CourseOutcomeDocument before = store.findCourse(course.courseId).orElseThrow();
        course.close(CourseOutcome.IMPROVED, 3);
        EventEnvelope closing = history.envelopes().get(history.envelopes().size() - 1);
        // Markers kept (the live projection's grace), as they are at the moment of a crash.
        applier = new EventApplier(store, new ProjectionMetrics(registry, "live"), (type, id, e, r) -> { }, codec,
                Clock.systemUTC(), Duration.ofMinutes(10));
        apply(closing);
        CourseOutcomeDocument after = store.findCourse(course.courseId).orElseThrow();
        List<Document> cellsAfter = all(ReadModelStore.DASHBOARD_CELLS);

        // The crash: cells written, but the pending change was not yet dropped from the course document.
        after.pendingCellChange = new PendingCellChange(after.cellVersion,
                CellContributions.difference(before.cellContribution, after.cellContribution));
        store.saveCourse(after);
        restart();

        assertThat(apply(closing)).isEqualTo(Result.DUPLICATE);

        assertThat(ProjectedFigures.cells(all(ReadModelStore.DASHBOARD_CELLS)))
                .isEqualTo(ProjectedFigures.cells(cellsAfter));
        assertThat(database.getCollection(ReadModelStore.DASHBOARD_CELLS)
                .find(Filters.eq("_id", "loc-north|pr-1|" + before.openingMonth + "|CHRONIC")).first())
                .containsEntry("coursesClosed", 1L);
    }

    @Test
    void batchesOfAWorkloadStoreWhatTheOneAtATimePathStoresAndCellsKeepNoMarkers() {
        History history = Workloads.generate(17, 30);
        history.envelopes().forEach(this::apply);
        List<Document> coursesOneByOne = all(ReadModelStore.COURSE_OUTCOMES);
        List<Document> cellsOneByOne = all(ReadModelStore.DASHBOARD_CELLS);
        List<Document> patientsOneByOne = all(ReadModelStore.PATIENT_STREAMS);
        freshDatabase();

        List<Result> results = applyInBatches(history.envelopes(), 37);

        assertThat(results).hasSize(history.envelopes().size()).containsOnly(Result.APPLIED);
        assertThat(all(ReadModelStore.COURSE_OUTCOMES)).isEqualTo(coursesOneByOne);
        // Equal counters; the one-at-a-time path may also leave zero histogram buckets a course passed through.
        assertThat(ProjectedFigures.cells(all(ReadModelStore.DASHBOARD_CELLS)))
                .isEqualTo(ProjectedFigures.cells(cellsOneByOne));
        assertThat(all(ReadModelStore.PATIENT_STREAMS)).isEqualTo(patientsOneByOne);
        assertThat(ProjectedFigures.cells(all(ReadModelStore.DASHBOARD_CELLS)))
                .isEqualTo(IndependentRecount.cells(history.events()));
        assertNoMarkersOrPendingChangesLeft();
    }

    @Test
    void aBatchReadAgainIsAllDuplicatesAndChangesNothing() {
        History history = Workloads.generate(19, 12);
        applyInBatches(history.envelopes(), 50);
        List<Document> courses = all(ReadModelStore.COURSE_OUTCOMES);
        List<Document> cells = all(ReadModelStore.DASHBOARD_CELLS);
        restart();

        // Other batch boundaries than the first time, as after a rebalance.
        assertThat(applyInBatches(history.envelopes(), 23)).containsOnly(Result.DUPLICATE);

        assertThat(all(ReadModelStore.COURSE_OUTCOMES)).isEqualTo(courses);
        assertThat(all(ReadModelStore.DASHBOARD_CELLS)).isEqualTo(cells);
    }

    @Test
    void aBatchWithAGapIsLeftToTheOneAtATimePathWithNothingWritten() {
        History history = new History();
        String patient = history.registerPatient("loc-north");
        History.Course course = history.openCourse(patient, "loc-north", "pr-1", Chronicity.CHRONIC, 8, null);
        course.followUp(4, null);
        course.close(CourseOutcome.IMPROVED, 4);
        List<EventEnvelope> stream = history.streamOf(course.courseId);
        applier.refreshParkingLotState();

        assertThat(applier.applyAll(incoming(List.of(stream.get(0), stream.get(2))))).isNull();

        assertThat(all(ReadModelStore.COURSE_OUTCOMES)).isEmpty();
        assertThat(all(ReadModelStore.DASHBOARD_CELLS)).isEmpty();
        assertThat(all(ReadModelStore.PARKED_EVENTS)).isEmpty();
    }

    @Test
    void onceAParkedEventIsDrainedBatchesTakeTheBatchPathAgain() {
        History history = new History();
        String patient = history.registerPatient("loc-north");
        History.Course healed = history.openCourse(patient, "loc-north", "pr-1", Chronicity.CHRONIC, 8, null);
        healed.followUp(4, null);
        healed.close(CourseOutcome.IMPROVED, 4);
        History.Course later = history.openCourse(patient, "loc-north", "pr-1", Chronicity.ACUTE, 6, null);
        later.close(CourseOutcome.RESOLVED, 0);
        List<EventEnvelope> stream = history.streamOf(healed.courseId);
        applier.refreshParkingLotState();
        apply(stream.get(0));
        assertThat(apply(stream.get(2))).isEqualTo(Result.PARKED);
        apply(stream.get(1)); // drains the parked one

        List<Result> next = applier.applyAll(incoming(history.streamOf(later.courseId)));

        assertThat(next).as("batch path").isNotNull().containsOnly(Result.APPLIED);
        assertThat(all(ReadModelStore.PARKED_EVENTS)).isEmpty();
    }

    @Test
    void aBatchInterruptedAfterTheCellsWereWrittenIsNotCountedTwiceWhenReadAgain() {
        History history = new History();
        String patient = history.registerPatient("loc-north");
        History.Course course = history.openCourse(patient, "loc-north", "pr-1", Chronicity.CHRONIC, 8, null);
        course.session(8, 3);
        applyInBatches(history.envelopes(), 100);
        CourseOutcomeDocument before = store.findCourse(course.courseId).orElseThrow();
        course.close(CourseOutcome.IMPROVED, 3);
        List<EventEnvelope> closing = List.of(history.envelopes().get(history.envelopes().size() - 1));
        // Markers kept (the live projection's grace), as they are at the moment of a crash.
        applier = new EventApplier(store, new ProjectionMetrics(registry, "live"), (type, id, e, r) -> { }, codec,
                Clock.systemUTC(), Duration.ofMinutes(10));
        applyInBatches(closing, 100);
        CourseOutcomeDocument after = store.findCourse(course.courseId).orElseThrow();
        List<Document> cellsAfter = all(ReadModelStore.DASHBOARD_CELLS);
        String cellId = "loc-north|pr-1|" + before.openingMonth + "|CHRONIC";

        // The crash: cells written, the course's pending change not yet dropped.
        after.pendingCellChange = new PendingCellChange(after.cellVersion,
                CellContributions.difference(before.cellContribution, after.cellContribution));
        store.saveCourse(after);
        restart();

        assertThat(applyInBatches(closing, 100)).containsOnly(Result.DUPLICATE);

        assertThat(ProjectedFigures.cells(all(ReadModelStore.DASHBOARD_CELLS)))
                .isEqualTo(ProjectedFigures.cells(cellsAfter));
        assertThat(database.getCollection(ReadModelStore.DASHBOARD_CELLS).find(Filters.eq("_id", cellId)).first())
                .containsEntry("coursesClosed", 1L);
        assertThat(store.findCourse(course.courseId).orElseThrow().pendingCellChange).isNull();
    }

    @Test
    void markersStayInTheCellsForTheGracePeriodThenGo() {
        History history = Workloads.generate(29, 6);
        MovingClock clock = new MovingClock(Instant.parse("2026-12-01T10:00:00Z"));
        applier = new EventApplier(store, new ProjectionMetrics(registry, "live"), (type, id, e, r) -> { }, codec,
                clock, Duration.ofMinutes(10));
        List<EventEnvelope> envelopes = history.envelopes();
        applyInBatches(envelopes.subList(0, envelopes.size() - 1), 40);
        assertThat(all(ReadModelStore.DASHBOARD_CELLS)).anySatisfy(cell ->
                assertThat(cell.get("appliedVersions", Document.class)).isNotEmpty());

        clock.advance(Duration.ofMinutes(11));
        applyInBatches(envelopes.subList(envelopes.size() - 1, envelopes.size()), 40);

        // Only the last batch's markers are still within their grace.
        long markers = all(ReadModelStore.DASHBOARD_CELLS).stream()
                .mapToLong(cell -> cell.get("appliedVersions", Document.class).size()).sum();
        assertThat(markers).isLessThanOrEqualTo(1);
        assertThat(ProjectedFigures.cells(all(ReadModelStore.DASHBOARD_CELLS)))
                .isEqualTo(IndependentRecount.cells(history.events()));
    }

    /** The rebuild's applier: the only writer of its collections, markers cleared at once. */
    private void restartAsExclusiveWriter() {
        applier = EventApplier.exclusiveWriter(store, new ProjectionMetrics(registry, "rebuild"),
                (type, id, e, r) -> { }, codec, Clock.systemUTC());
    }

    @Test
    void theRebuildsExclusiveWriterStoresWhatTheGuardedBatchPathStoresAndLeavesNoMarkers() {
        History history = Workloads.generate(37, 30);
        applyInBatches(history.envelopes(), 41);
        List<Document> guardedCourses = all(ReadModelStore.COURSE_OUTCOMES);
        List<Document> guardedCells = all(ReadModelStore.DASHBOARD_CELLS);
        List<Document> guardedLists = all(ReadModelStore.CELL_COURSES);
        List<Document> guardedPatients = all(ReadModelStore.PATIENT_STREAMS);
        freshDatabase();
        restartAsExclusiveWriter();

        // Other batch boundaries, some small enough for a course to span several batches.
        List<Result> results = applyInBatches(history.envelopes(), 29);

        assertThat(results).hasSize(history.envelopes().size()).containsOnly(Result.APPLIED);
        assertThat(all(ReadModelStore.COURSE_OUTCOMES)).isEqualTo(guardedCourses);
        assertThat(all(ReadModelStore.PATIENT_STREAMS)).isEqualTo(guardedPatients);
        assertThat(ProjectedFigures.cells(all(ReadModelStore.DASHBOARD_CELLS)))
                .isEqualTo(ProjectedFigures.cells(guardedCells))
                .isEqualTo(IndependentRecount.cells(history.events()));
        assertThat(all(ReadModelStore.CELL_COURSES)).extracting(d -> d.getString("_id"))
                .isEqualTo(guardedLists.stream().map(d -> d.getString("_id")).toList());
        assertThat(all(ReadModelStore.CELL_COURSES)).allSatisfy(list -> assertThat(list.getList("courses",
                String.class)).containsExactlyInAnyOrderElementsOf(guardedLists.stream()
                .filter(d -> d.getString("_id").equals(list.getString("_id"))).findFirst().orElseThrow()
                .getList("courses", String.class)));
        assertNoMarkersOrPendingChangesLeft();
    }

    @Test
    void anExclusiveWritersBatchInterruptedBeforeItsCellsWereWrittenIsFinishedWhenReadAgain() {
        ClosedByExclusiveWriter closed = closeACourseAsExclusiveWriter();

        // The failure: the course written with its pending change, the cells not.
        database.getCollection(ReadModelStore.DASHBOARD_CELLS).deleteMany(new Document());
        database.getCollection(ReadModelStore.DASHBOARD_CELLS).insertMany(closed.cellsBefore());
        closed.leaveItsCellChangePending(store);
        restartAsExclusiveWriter();

        assertThat(applyInBatches(closed.closing(), 100)).containsOnly(Result.DUPLICATE);

        assertThat(all(ReadModelStore.DASHBOARD_CELLS)).isEqualTo(closed.cellsAfter());
        assertThat(store.findCourse(closed.courseId()).orElseThrow().pendingCellChange).isNull();
    }

    @Test
    void anExclusiveWritersBatchInterruptedAfterItsCellsWereWrittenIsNotCountedTwiceWhenReadAgain() {
        ClosedByExclusiveWriter closed = closeACourseAsExclusiveWriter();
        String cellId = "loc-north|pr-1|" + closed.before().openingMonth + "|CHRONIC";

        // The failure: cells written with the course's marker, the pending change not yet dropped.
        database.getCollection(ReadModelStore.DASHBOARD_CELLS).updateOne(Filters.eq("_id", cellId),
                com.mongodb.client.model.Updates.set("appliedVersions." + closed.courseId(),
                        closed.after().cellVersion));
        closed.leaveItsCellChangePending(store);
        restartAsExclusiveWriter();

        assertThat(applyInBatches(closed.closing(), 100)).containsOnly(Result.DUPLICATE);

        assertThat(all(ReadModelStore.DASHBOARD_CELLS)).isEqualTo(closed.cellsAfter());
        assertThat(database.getCollection(ReadModelStore.DASHBOARD_CELLS).find(Filters.eq("_id", cellId)).first())
                .containsEntry("coursesClosed", 1L);
        assertThat(store.findCourse(closed.courseId()).orElseThrow().pendingCellChange).isNull();
    }

    @Test
    void aCourseBelievedNewButStoredMeanwhileFailsTheWriteSoThatTheBatchIsReadAgain() {
        History history = new History();
        String patient = history.registerPatient("loc-north");
        History.Course course = history.openCourse(patient, "loc-north", "pr-1", Chronicity.ACUTE, 6, null);
        course.session(6, 2);
        applyInBatches(history.envelopes(), 100);
        List<Document> courses = all(ReadModelStore.COURSE_OUTCOMES);
        CourseOutcomeDocument stored = store.findCourse(course.courseId).orElseThrow();

        // A batch that read before another writer (a consumer that lost the partition) stored the course inserts
        // it: the duplicate key fails the write (a MongoException: the consumer reads the batch again).
        assertThatThrownBy(() -> store.saveCourses(List.of(stored), java.util.Set.of()))
                .isInstanceOf(com.mongodb.MongoException.class);

        assertThat(all(ReadModelStore.COURSE_OUTCOMES)).isEqualTo(courses);
        restart();
        assertThat(applyInBatches(history.envelopes(), 100)).containsOnly(Result.DUPLICATE);
        assertThat(all(ReadModelStore.COURSE_OUTCOMES)).isEqualTo(courses);
    }

    /** The rebuild's in-memory writer, holding at most {@code maxCourses} courses before it writes them. */
    private void restartInMemory(int maxCourses) {
        restartInMemory(maxCourses, HeapPressure.NONE);
    }

    private void restartInMemory(int maxCourses, HeapPressure heap) {
        applier = EventApplier.rebuildInMemory(store, new ProjectionMetrics(registry, "rebuild"),
                (type, id, e, r) -> gaps.add(id + ":" + e + "->" + r), codec, Clock.systemUTC(), maxCourses, heap);
    }

    /**
     * As the consumer's record handler does: each batch through {@code applyAllByOwner}, the events it hands back
     * applied one at a time (a refused event counted, not thrown) and remembered in {@link #oneAtATime}.
     *
     * @return the events the projection refused
     */
    private int handleInBatches(List<EventEnvelope> envelopes, int size) {
        applier.refreshParkingLotState();
        int[] refused = {0};
        for (int from = 0; from < envelopes.size(); from += size) {
            List<EventApplier.Incoming> batch = incoming(envelopes.subList(from, Math.min(envelopes.size(),
                    from + size)));
            applier.applyAllByOwner(batch, index -> {
                EventApplier.Incoming one = batch.get(index);
                oneAtATime.add(one.envelope());
                try {
                    applier.apply(one.envelope(), one.headers(), one.body());
                } catch (IllegalArgumentException | NullPointerException e) {
                    refused[0]++;
                }
            });
        }
        return refused[0];
    }

    /** What one generation stores: courses, patient streams, cells' counters and each cell's listed courses. */
    private record Stored(List<Document> courses, List<Document> patients, Object cellCounters, List<Document> cells,
                          java.util.Map<String, java.util.Set<String>> cellCourses, List<String> parked) {
    }

    private Stored stored() {
        java.util.Map<String, java.util.Set<String>> lists = new java.util.TreeMap<>();
        all(ReadModelStore.CELL_COURSES).forEach(list -> lists.put(list.getString("_id"),
                new java.util.TreeSet<>(list.getList("courses", String.class))));
        return new Stored(all(ReadModelStore.COURSE_OUTCOMES), all(ReadModelStore.PATIENT_STREAMS),
                ProjectedFigures.cells(all(ReadModelStore.DASHBOARD_CELLS)), all(ReadModelStore.DASHBOARD_CELLS), lists,
                all(ReadModelStore.PARKED_EVENTS).stream().map(d -> d.getString("_id")).toList());
    }

    /** What the rebuild's exclusive writer (the path before the in-memory writer) stores for the same batches. */
    private Stored storedByTheExclusiveWriter(List<EventEnvelope> envelopes, int size) {
        freshDatabase();
        restartAsExclusiveWriter();
        handleInBatches(envelopes, size);
        Stored stored = stored();
        freshDatabase();
        return stored;
    }

    @Test
    void theInMemoryRebuildWriterWritesNothingUntilFlushedThenWhatTheExclusiveWriterStores() {
        History history = Workloads.generate(37, 30);
        Stored exclusive = storedByTheExclusiveWriter(history.envelopes(), 29);
        restartInMemory(200_000);

        List<Result> results = applyInBatches(history.envelopes(), 29);

        assertThat(results).hasSize(history.envelopes().size()).containsOnly(Result.APPLIED);
        assertThat(applier.coursesHeldInMemory()).isPositive();
        assertThat(all(ReadModelStore.COURSE_OUTCOMES)).as("held in memory until flushed").isEmpty();
        assertThat(all(ReadModelStore.DASHBOARD_CELLS)).isEmpty();
        applier.flushHeld();
        assertThat(applier.coursesHeldInMemory()).isZero();
        assertThat(exclusive.courses()).isNotEmpty();
        assertThat(exclusive.cellCourses()).isNotEmpty();
        assertStoredAsByTheExclusiveWriterAndRecounted(exclusive, history);
    }

    @Test
    void withATinyMemoryBoundTheInMemoryWriterWritesAsItGoesAndReadsEvictedCoursesBack() {
        History history = Workloads.generate(41, 30);
        Stored exclusive = storedByTheExclusiveWriter(history.envelopes(), 17);
        restartInMemory(3);

        applyInBatches(history.envelopes().subList(0, history.envelopes().size() / 2), 17);
        assertThat(all(ReadModelStore.COURSE_OUTCOMES)).as("flushed at the bound").isNotEmpty();
        assertThat(applier.coursesHeldInMemory()).isLessThanOrEqualTo(3 + 17);
        applyInBatches(history.envelopes().subList(history.envelopes().size() / 2, history.envelopes().size()), 17);
        applier.flushHeld();

        assertStoredAsByTheExclusiveWriterAndRecounted(exclusive, history);
    }

    @Test
    void whenTheHeapIsShortTheInMemoryWriterWritesWhatItHoldsOnceItHoldsABulkWritesWorth() {
        History history = Workloads.generate(47, 1_000);
        AtomicBoolean heapShort = new AtomicBoolean(true);
        restartInMemory(200_000, heapShort::get);
        List<EventEnvelope> envelopes = history.envelopes();
        int batch = 250;

        // Short from the start, but fewer courses held than one bulk write: still held.
        int applied = 0;
        while (applier.coursesHeldInMemory() < RebuildMemory.CHUNK - batch) {
            applyInBatches(envelopes.subList(applied, applied + batch), batch);
            applied += batch;
        }
        assertThat(all(ReadModelStore.COURSE_OUTCOMES)).isEmpty();
        assertThat(applier.earlyFlushes()).isZero();
        // The batch that brings it to a bulk write's worth writes everything held.
        while (applier.earlyFlushes() == 0 && applied < envelopes.size()) {
            applyInBatches(envelopes.subList(applied, Math.min(envelopes.size(), applied + batch)), batch);
            applied += batch;
        }
        assertThat(applier.earlyFlushes()).isOne();
        assertThat(applier.coursesHeldInMemory()).isZero();
        assertThat(all(ReadModelStore.COURSE_OUTCOMES)).hasSizeGreaterThanOrEqualTo(RebuildMemory.CHUNK);
        // No longer short: held again, up to the bound.
        heapShort.set(false);
        applyInBatches(envelopes.subList(applied, envelopes.size()), batch);
        assertThat(applier.earlyFlushes()).isOne();
        assertThat(applier.coursesHeldInMemory()).isPositive();
        applier.flushHeld();
        long courses = envelopes.stream().filter(e -> e.aggregateType() != AggregateType.PATIENT)
                .map(EventApplier::ownerOf).distinct().count();
        assertThat(all(ReadModelStore.COURSE_OUTCOMES)).as("every course, written early or at the end")
                .hasSize((int) courses);
    }

    @Test
    void theOldGenerationIsShortAboveATinyShareOnceACollectionLeftAnythingInItAndNeverAboveAllOfIt() {
        assertThat(HeapPressure.oldGeneration(ManagementFactory.getMemoryPoolMXBeans())).as("this JVM's")
                .isPresent();
        assertThat(HeapPressure.oldGenerationAbove(1.0).isHigh()).isFalse();
        HeapPressure anything = HeapPressure.oldGenerationAbove(1e-9);
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            System.gc(); // what the pressure reads is measured after a collection
            return anything.isHigh();
        });
        assertThatThrownBy(() -> HeapPressure.oldGenerationAbove(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aBatchReadAgainByTheInMemoryWriterIsAllDuplicatesAndChangesNothing() {
        History history = Workloads.generate(43, 12);
        Stored exclusive = storedByTheExclusiveWriter(history.envelopes(), 50);
        restartInMemory(200_000);

        applyInBatches(history.envelopes(), 50);
        // Held ones and, after a flush, stored ones: both found duplicates.
        assertThat(applyInBatches(history.envelopes().subList(0, 30), 23)).containsOnly(Result.DUPLICATE);
        applier.flushHeld();
        assertThat(applyInBatches(history.envelopes(), 23)).containsOnly(Result.DUPLICATE);
        applier.flushHeld();

        assertThat(stored()).isEqualTo(exclusive);
    }

    @Test
    void aGapFlushesWhatTheInMemoryWriterHoldsThenParksAndHealsAsTheExclusiveWriterDoes() {
        History history = Workloads.generate(47, 20);
        List<EventEnvelope> withGap = new ArrayList<>(history.envelopes());
        // An event held back: its successor arrives first (parked), then it does (drained).
        EventEnvelope held = withGap.stream().filter(e -> e.aggregateSequence() == 1 && withGap.stream()
                .anyMatch(n -> n.aggregateId().equals(e.aggregateId()) && n.aggregateSequence() == 2))
                .findFirst().orElseThrow();
        withGap.remove(held);
        withGap.add(withGap.size() - 5, held);
        int successor = java.util.stream.IntStream.range(0, withGap.size()).filter(i -> withGap.get(i).aggregateId()
                .equals(held.aggregateId()) && withGap.get(i).aggregateSequence() == 2).findFirst().orElseThrow();
        int split = (successor / 19 + 1) * 19; // the same batches as the exclusive writer's
        Stored exclusive = storedByTheExclusiveWriter(withGap, 19);
        gaps.clear();
        restartInMemory(200_000);

        handleInBatches(withGap.subList(0, split), 19);
        assertThat(gaps).as("parked by the store path").isNotEmpty();
        assertThat(all(ReadModelStore.COURSE_OUTCOMES)).as("what was held was written first").isNotEmpty();
        int heldAt = withGap.indexOf(held);
        int beforeHeld = split + (heldAt - split) / 19 * 19;
        handleInBatches(withGap.subList(split, beforeHeld), 19);
        assertThat(stored().parked()).as("still waiting for the held event").isNotEmpty();
        assertThat(applier.coursesHeldInMemory()).as("batches of other streams taken in memory meanwhile")
                .isPositive();
        handleInBatches(withGap.subList(beforeHeld, withGap.size()), 19);
        applier.flushHeld();

        assertThat(stored().parked()).isEmpty();
        assertStoredAsByTheExclusiveWriterAndRecounted(exclusive, history);
    }

    @Test
    void aGapSendsOnlyItsOwnCoursesEventsOneAtATimeAndTheRestOfThePollIsAppliedAsABatch() {
        assertOnlyTheGappedCourseGoesOneAtATime(this::restart);
    }

    @Test
    void aGapMetByTheInMemoryRebuildWriterSendsOnlyItsOwnCoursesEventsOneAtATime() {
        assertOnlyTheGappedCourseGoesOneAtATime(() -> restartInMemory(200_000));
    }

    /**
     * A rebuild's topic after a late commit: a stream's first event was published only when the gap healer asked
     * for it again, so it comes after its successors. One poll holds it all.
     */
    private void assertOnlyTheGappedCourseGoesOneAtATime(Runnable startApplier) {
        History history = Workloads.generate(59, 40);
        List<EventEnvelope> republished = new ArrayList<>(history.envelopes());
        EventEnvelope late = republished.stream().filter(e -> e.aggregateType() == AggregateType.SESSION
                && e.aggregateSequence() == 0 && republished.stream().anyMatch(n -> n.aggregateId()
                .equals(e.aggregateId()) && n.aggregateSequence() == 2)).findFirst().orElseThrow();
        republished.remove(late);
        republished.add(late);
        String course = EventApplier.ownerOf(late);
        long eventsOfItsCourse = republished.stream().filter(e -> EventApplier.ownerOf(e).equals(course)).count();
        Stored inOrder = storedByTheExclusiveWriter(history.envelopes(), republished.size());
        gaps.clear();
        startApplier.run();

        handleInBatches(republished, republished.size());
        applier.flushHeld();

        assertThat(gaps).as("the gap reported, for each event parked behind it").isNotEmpty()
                .allSatisfy(gap -> assertThat(gap).startsWith(late.aggregateId() + ":0->"));
        assertThat(oneAtATime).as("one at a time: the gapped course's events only").isNotEmpty()
                .allSatisfy(e -> assertThat(EventApplier.ownerOf(e)).isEqualTo(course))
                .hasSizeLessThanOrEqualTo((int) eventsOfItsCourse);
        assertThat(republished.size()).isGreaterThan(20 * (int) eventsOfItsCourse);
        assertThat(stored()).as("what the events in order store").isEqualTo(inOrder);
        assertNoMarkersOrPendingChangesLeft();
    }

    @Test
    void anEventTheProjectionRefusesUndoesTheInMemoryBatchAndIsRefusedAsByTheExclusiveWriter() {
        History history = Workloads.generate(53, 10);
        String patient = history.registerPatient("loc-north");
        History.Course refusedCourse = history.openCourse(patient, "loc-north", "pr-1", Chronicity.CHRONIC, 7, null);
        refusedCourse.session(7, 3);
        history.openCourse(history.registerPatient("loc-south"), "loc-south", "pr-2", Chronicity.ACUTE, 5, null)
                .session(5, 1);
        // A closing without an outcome: the projection changes the course, then fails to count it.
        refusedCourse.close(null, 2);
        history.openCourse(history.registerPatient("loc-south"), "loc-south", "pr-2", Chronicity.SUBACUTE, 6, null)
                .close(CourseOutcome.RESOLVED, 0);
        List<EventEnvelope> envelopes = history.envelopes();
        freshDatabase();
        restartAsExclusiveWriter();
        int refusedByExclusive = handleInBatches(envelopes, 31);
        Stored exclusive = stored();
        freshDatabase();
        restartInMemory(200_000);

        int refused = handleInBatches(envelopes, 31);
        applier.flushHeld();

        assertThat(refusedByExclusive).isEqualTo(1);
        assertThat(refused).isEqualTo(1);
        assertThat(stored()).isEqualTo(exclusive);
        assertThat(store.findCourse(refusedCourse.courseId).orElseThrow().closed).as("the refused closing undone")
                .isFalse();
        assertNoMarkersOrPendingChangesLeft();
    }

    @Test
    void aFailedWriteOfWhatTheInMemoryWriterHoldsIsFinalSoThatTheRebuildFails() {
        History history = Workloads.generate(61, 8);
        restartInMemory(200_000);
        applyInBatches(history.envelopes(), 40);
        // Something else wrote one of the held courses meanwhile: the insert fails on its key.
        CourseOutcomeDocument intruder = CourseOutcomeDocument.empty(
                CourseOutcomeProjector.courseIdOf(history.events().stream()
                        .filter(e -> !(e instanceof dev.meridian.events.PatientEvent)).findFirst().orElseThrow()));
        store.saveCourse(intruder);

        assertThatThrownBy(applier::flushHeld).isInstanceOf(IllegalStateException.class);

        assertThat(applier.heldWriteFailure()).isPresent();
        assertThatThrownBy(() -> applier.applyAll(incoming(history.envelopes().subList(0, 1))))
                .as("no batch after a failed write").isInstanceOf(IllegalStateException.class);
    }

    /** The in-memory writer's documents equal the exclusive writer's, and the cells equal an independent recount. */
    private void assertStoredAsByTheExclusiveWriterAndRecounted(Stored exclusive, History history) {
        assertThat(stored()).isEqualTo(exclusive);
        assertThat(ProjectedFigures.cells(all(ReadModelStore.DASHBOARD_CELLS)))
                .isEqualTo(IndependentRecount.cells(history.events()));
        assertNoMarkersOrPendingChangesLeft();
    }

    private void assertNoMarkersOrPendingChangesLeft() {
        assertThat(all(ReadModelStore.DASHBOARD_CELLS)).allSatisfy(cell ->
                assertThat(cell.get("appliedVersions", Document.class)).as("markers left in %s", cell.get("_id"))
                        .isEmpty());
        assertThat(all(ReadModelStore.COURSE_OUTCOMES)).allSatisfy(course ->
                assertThat(course.get("pendingCellChange")).isNull());
    }

    /** A chronic course with one session, then its closing, all applied by the rebuild's exclusive writer. */
    private record ClosedByExclusiveWriter(String courseId, CourseOutcomeDocument before, CourseOutcomeDocument after,
                                           List<EventEnvelope> closing, List<Document> cellsBefore,
                                           List<Document> cellsAfter) {

        /** The course stored again as a crash mid-batch leaves it: its cell change still pending. */
        void leaveItsCellChangePending(ReadModelStore store) {
            after.pendingCellChange = new PendingCellChange(after.cellVersion,
                    CellContributions.difference(before.cellContribution, after.cellContribution));
            store.saveCourse(after);
        }
    }

    private ClosedByExclusiveWriter closeACourseAsExclusiveWriter() {
        History history = new History();
        String patient = history.registerPatient("loc-north");
        History.Course course = history.openCourse(patient, "loc-north", "pr-1", Chronicity.CHRONIC, 8, null);
        course.session(8, 3);
        restartAsExclusiveWriter();
        applyInBatches(history.envelopes(), 100);
        CourseOutcomeDocument before = store.findCourse(course.courseId).orElseThrow();
        List<Document> cellsBefore = all(ReadModelStore.DASHBOARD_CELLS);
        course.close(CourseOutcome.IMPROVED, 3);
        List<EventEnvelope> closing = List.of(history.envelopes().get(history.envelopes().size() - 1));
        applyInBatches(closing, 100);
        return new ClosedByExclusiveWriter(course.courseId, before, store.findCourse(course.courseId).orElseThrow(),
                closing, cellsBefore, all(ReadModelStore.DASHBOARD_CELLS));
    }
}
