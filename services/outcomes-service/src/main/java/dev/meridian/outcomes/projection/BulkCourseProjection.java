package dev.meridian.outcomes.projection;

import dev.meridian.events.AggregateType;
import dev.meridian.events.envelope.EventEnvelope;
import dev.meridian.outcomes.projection.CourseOutcomeDocument.CellChange;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Projects whole course histories in memory, with the live projection's own steps ({@link CourseOutcomeProjector},
 * {@link CellContributions}, the sequence rule and cell versions of {@link EventApplier}), and writes the results in
 * bulk: course documents with {@code insertMany} per batch, and at the end each cell once, with the sum of its
 * changes (a cell is touched by many batches: one write per cell instead of one per batch). The documents equal
 * what {@link EventApplier} would have stored for the same events (BulkCourseProjectionTest compares them).
 *
 * <p>For seeding a read model at a scale that could not be reached through Kafka in reasonable time (the benchmark's
 * dashboard queries at up to a million sessions). Not a live path: it assumes the courses are new to the store and
 * each course's events arrive complete and in order (a gap is refused, not parked), and it writes no patient
 * streams and no parked events. Not thread-safe; it writes each batch on a thread of its own while the caller
 * prepares the next one (one batch in flight at most), and {@link #finish} must be called at the end.
 */
public final class BulkCourseProjection {

    private final ReadModelStore store;
    private final int batchSize;
    private final List<CourseOutcomeDocument> courses = new ArrayList<>();
    private final Map<String, CellSum> cells = new LinkedHashMap<>();
    private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "bulk-course-writer");
        thread.setDaemon(true);
        return thread;
    });
    private Future<?> inFlight;
    private long coursesWritten;
    private long sessionsWritten;

    /** @param batchSize courses held in memory before they are written (cell sums are held until {@link #finish}) */
    public BulkCourseProjection(ReadModelStore store, int batchSize) {
        this.store = store;
        this.batchSize = Math.max(1, batchSize);
    }

    /**
     * Projects one course: its own stream and its sessions' streams, each in sequence order (streams may
     * interleave, as on the topic). Writes a batch when enough courses are held.
     *
     * @throws IllegalArgumentException for a patient event, an event of another course, or a stream out of order
     */
    public void add(List<EventEnvelope> courseEvents) {
        if (courseEvents.isEmpty()) {
            return;
        }
        String courseId = CourseOutcomeProjector.courseIdOf(courseEvents.get(0).event());
        CourseOutcomeDocument course = CourseOutcomeDocument.empty(courseId);
        for (EventEnvelope envelope : courseEvents) {
            if (envelope.aggregateType() == AggregateType.PATIENT
                    || !courseId.equals(CourseOutcomeProjector.courseIdOf(envelope.event()))) {
                throw new IllegalArgumentException("Not an event of course " + courseId);
            }
            apply(course, envelope);
        }
        // As the live applier leaves a course once its cells hold the change: nothing pending.
        course.pendingCellChange = null;
        courses.add(course);
        if (courses.size() >= batchSize) {
            writeCourses();
        }
    }

    /** The steps of {@code EventApplier.applyToCourse}, with the cell writes summed in memory instead of sent. */
    private void apply(CourseOutcomeDocument course, EventEnvelope envelope) {
        Long applied = course.appliedSequence(envelope.aggregateId());
        long expected = EventApplier.expectedSequence(applied);
        if (envelope.aggregateSequence() != expected) {
            throw new IllegalArgumentException("Stream " + envelope.aggregateId() + " out of order: expected "
                    + expected + ", got " + envelope.aggregateSequence());
        }
        for (CellChange change : EventApplier.applyInOrder(course, envelope)) {
            cells.computeIfAbsent(change.cell.id(), id -> new CellSum(change.cell)).add(course.id, change);
        }
    }

    private void writeCourses() {
        if (!courses.isEmpty()) {
            List<CourseOutcomeDocument> batch = List.copyOf(courses);
            courses.clear();
            awaitInFlight();
            inFlight = writer.submit(() -> store.insertCourses(batch));
            coursesWritten += batch.size();
            sessionsWritten += batch.stream().mapToLong(c -> c.sessionsScheduled).sum();
        }
    }

    private void awaitInFlight() {
        if (inFlight == null) {
            return;
        }
        try {
            inFlight.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while writing courses", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Writing courses failed", e.getCause());
        } finally {
            inFlight = null;
        }
    }

    /** Writes the courses still held, waits for every course write, then writes every cell's sum. */
    public void finish() {
        try {
            writeCourses();
            awaitInFlight();
            cells.values().forEach(cell -> {
                store.addToCell(cell.key, cell.increments);
                store.updateCellCourses(cell.key.id(), cell.courses.keySet().stream()
                        .filter(id -> cell.courses.get(id) > 0).toList(), List.of());
            });
            store.cellsChanged();
            cells.clear();
        } finally {
            writer.shutdown();
        }
    }

    public long coursesWritten() {
        return coursesWritten;
    }

    /** Sessions (scheduled) in the courses written so far. */
    public long sessionsWritten() {
        return sessionsWritten;
    }

    /** One cell's changes of the batch: summed increments (zero sums kept, as {@code $inc} keeps them). */
    private static final class CellSum {
        final CellKey key;
        final Map<String, Long> increments = new LinkedHashMap<>();

        CellSum(CellKey key) {
            this.key = key;
        }

        /** Course id -> its net coursesOpened in this cell (1: listed in the cell's courses). */
        final Map<String, Long> courses = new LinkedHashMap<>();

        void add(String courseId, CellChange change) {
            NestedCounters.flatten(change.increments).forEach((path, delta) -> increments.merge(path, delta, Long::sum));
            if (change.increments.get("coursesOpened") instanceof Number opened) {
                courses.merge(courseId, opened.longValue(), Long::sum);
            }
        }
    }
}
