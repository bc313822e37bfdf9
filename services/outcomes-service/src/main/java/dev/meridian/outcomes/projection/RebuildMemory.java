package dev.meridian.outcomes.projection;

import dev.meridian.events.AggregateType;
import dev.meridian.events.envelope.EventEnvelope;
import dev.meridian.outcomes.projection.CourseOutcomeDocument.CellChange;
import dev.meridian.outcomes.projection.CourseOutcomeDocument.CellContribution;
import dev.meridian.outcomes.projection.EventApplier.Incoming;
import dev.meridian.outcomes.projection.EventApplier.Result;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bson.RawBsonDocument;

/**
 * A rebuild's read models held in memory: the rebuild is the only writer of its {@code _rebuild} collections, and a
 * rebuild that fails is abandoned (the next one drops them), so the store need not be authoritative while it runs.
 * Batches are projected with the applier's own steps ({@link EventApplier#applyInOrder}, the sequence rule, the
 * cells' differences per batch) into held course and patient documents and cell sums; {@link #flush} writes each
 * held document, cell and cell course list once, in bulk: when the rebuild has caught up (before the swap), when
 * more than {@code maxCourses} courses are held, and before a batch goes the store's way.
 *
 * <p>Anything unusual (a gap, an event the projection refuses, a course the store holds with a pending cell change)
 * is not handled here: the held state is flushed, as it was before the batch, and the batch takes the store path
 * ({@link #applyAll} returns null), which parks, refuses and finishes as always. After a flush the store is
 * authoritative for what it holds: a course not held is read from it.
 *
 * <p>The bound in courses is a share of the whole heap, which others use too; so what is held is also written once
 * at least {@link #CHUNK} courses are held and the heap is short ({@link HeapPressure}), before it runs out.
 *
 * <p>The rebuild's consumer thread applies batches; the rebuild's monitor may flush meanwhile (then the batch waits:
 * one lock).
 */
final class RebuildMemory {

    /** Documents per bulk write: a bulk write is one round trip, but the driver splits messages above 48 MB. */
    static final int CHUNK = 1_000;

    private final ReadModelStore store;
    private final int maxCourses;
    private final HeapPressure heap;
    /** The cells this generation created (shared with the applier's exclusive-writer path). */
    private final Set<String> createdCells;

    private final Map<String, CourseOutcomeDocument> courses = new HashMap<>();
    private final Map<String, PatientStreamDocument> patients = new HashMap<>();
    /** Held documents that were read from the store: replaced on flush, the others inserted. */
    private final Set<String> storedCourses = new HashSet<>();
    private final Set<String> storedPatients = new HashSet<>();
    private final Map<String, HeldCell> cells = new LinkedHashMap<>();
    /** Whether the store may hold documents of this generation (then what is not held is looked up). */
    private Boolean storeMayHold;
    private long flushes;
    /** Flushes because the heap was short, before the bound in courses was reached. */
    private long earlyFlushes;
    private String failure;

    RebuildMemory(ReadModelStore store, int maxCourses, HeapPressure heap, Set<String> createdCells) {
        this.store = store;
        this.maxCourses = Math.max(1, maxCourses);
        this.heap = heap;
        this.createdCells = createdCells;
    }

    synchronized int coursesHeld() {
        return courses.size();
    }

    long flushes() {
        return flushes;
    }

    synchronized long earlyFlushes() {
        return earlyFlushes;
    }

    /** Why writing the held documents failed (the rebuild cannot go on), or null. */
    synchronized String failure() {
        return failure;
    }

    /**
     * Projects a batch into memory.
     *
     * @return the result per event, in batch order; null when the batch needs the store path (everything held has
     *     then been written, as it was before this batch)
     */
    synchronized List<Result> applyAll(List<Incoming> batch) {
        if (failure != null) {
            throw new IllegalStateException("the rebuild's held read models could not be written: " + failure);
        }
        Set<String> courseIds = new LinkedHashSet<>();
        Set<String> patientIds = new LinkedHashSet<>();
        for (Incoming incoming : batch) {
            if (isPatientStream(incoming.envelope())) {
                patientIds.add(incoming.owner());
            } else {
                courseIds.add(incoming.owner());
            }
        }
        courseIds.removeAll(courses.keySet());
        patientIds.removeAll(patients.keySet());
        Map<String, CourseOutcomeDocument> loadedCourses = new HashMap<>();
        Map<String, PatientStreamDocument> loadedPatients = new HashMap<>();
        if (storeMayHold()) {
            loadedCourses = store.findCourses(courseIds);
            loadedPatients = store.findPatients(patientIds);
            if (loadedCourses.values().stream().anyMatch(c -> c.pendingCellChange != null)) {
                return toStorePath(); // a failed store-path batch left it: the store path finishes it
            }
        }
        if (hasGap(batch, loadedCourses, loadedPatients)) {
            return toStorePath(); // parking is the store path's
        }

        // Held documents are changed in place; copies of the ones held before this batch let a refusal undo it.
        Map<String, CourseOutcomeDocument> courseCopies = new HashMap<>();
        Map<String, PatientStreamDocument> patientCopies = new HashMap<>();
        Map<String, CourseOutcomeDocument> newCourses = new LinkedHashMap<>();
        Map<String, PatientStreamDocument> newPatients = new LinkedHashMap<>();
        Map<String, CellContribution> before = new HashMap<>();
        Set<String> changedCourses = new LinkedHashSet<>();
        List<Result> results = new ArrayList<>(batch.size());
        for (Incoming incoming : batch) {
            EventEnvelope envelope = incoming.envelope();
            String ownerId = incoming.owner();
            if (isPatientStream(envelope)) {
                PatientStreamDocument patient = patients.get(ownerId);
                if (patient != null) {
                    patientCopies.computeIfAbsent(ownerId, id -> ReadModelStore.copy(patients.get(id),
                            PatientStreamDocument.class));
                } else {
                    Map<String, PatientStreamDocument> loaded = loadedPatients;
                    patient = newPatients.computeIfAbsent(ownerId, id -> loaded.containsKey(id) ? loaded.get(id)
                            : PatientStreamDocument.empty(id));
                }
                long expected = EventApplier.expectedSequence(patient.applied.get(envelope.aggregateId()));
                if (envelope.aggregateSequence() < expected) {
                    results.add(Result.DUPLICATE);
                    continue;
                }
                EventApplier.applyToPatientStream(patient, envelope);
            } else {
                CourseOutcomeDocument course = courses.get(ownerId);
                if (course != null) {
                    courseCopies.computeIfAbsent(ownerId, id -> ReadModelStore.copy(courses.get(id),
                            CourseOutcomeDocument.class));
                } else {
                    Map<String, CourseOutcomeDocument> loaded = loadedCourses;
                    course = newCourses.computeIfAbsent(ownerId, id -> loaded.containsKey(id) ? loaded.get(id)
                            : CourseOutcomeDocument.empty(id));
                }
                long expected = EventApplier.expectedSequence(course.appliedSequence(envelope.aggregateId()));
                if (envelope.aggregateSequence() < expected) {
                    results.add(Result.DUPLICATE);
                    continue;
                }
                if (!before.containsKey(ownerId)) { // (null is a contribution too: not opened yet)
                    before.put(ownerId, course.cellContribution);
                }
                try {
                    EventApplier.applyInOrder(course, envelope, false); // the batch's changes: below
                } catch (RuntimeException e) {
                    // Refused (the store path dead-letters it and applies the others): undo this batch first.
                    courses.putAll(courseCopies);
                    patients.putAll(patientCopies);
                    return toStorePath();
                }
                changedCourses.add(ownerId);
            }
            results.add(Result.APPLIED);
        }

        courses.putAll(newCourses);
        patients.putAll(newPatients);
        newCourses.keySet().stream().filter(loadedCourses::containsKey).forEach(storedCourses::add);
        newPatients.keySet().stream().filter(loadedPatients::containsKey).forEach(storedPatients::add);
        // The cells, as the store path sums them: one change per course for the batch, from before to after.
        for (String courseId : changedCourses) {
            CourseOutcomeDocument course = courses.get(courseId);
            course.pendingCellChange = null; // as stored once the cells hold the change
            for (CellChange change : CellContributions.difference(before.get(courseId), course.cellContribution)) {
                cells.computeIfAbsent(change.cell.id(), id -> new HeldCell(change.cell)).add(courseId, change);
            }
        }
        if (courses.size() > maxCourses) {
            flush();
        } else if (courses.size() >= CHUNK && heap.isHigh()) {
            earlyFlushes++;
            flush();
        }
        return results;
    }

    /**
     * Writes everything held, each document, cell and cell course list once (in bulk writes of {@link #CHUNK}), and
     * forgets it: the store is then authoritative for it. A failure is final (see {@link #failure}): part of it may
     * have been written, so the rebuild cannot go on (it is abandoned, the live read models unchanged).
     */
    synchronized void flush() {
        // Nothing of this generation stored yet (the store was empty, and every batch since was held here): every
        // cell and course list is new, and is inserted whole instead of created and updated.
        boolean fresh = Boolean.FALSE.equals(storeMayHold);
        if (courses.isEmpty() && patients.isEmpty() && cells.isEmpty()) {
            storeMayHold = null; // the store path may write next (a flush precedes it): looked at again
            return;
        }
        // The documents are converted here while the previous chunk is written on a thread of its own: the
        // conversion and the server's work each take about half of a flush (profiled), so they overlap.
        ExecutorService writer = Executors.newSingleThreadExecutor(r -> {
            Thread thread = new Thread(r, "outcomes-rebuild-writer");
            thread.setDaemon(true);
            return thread;
        });
        // The cells and their course lists (other collections: the embedded server writes them alongside) on a
        // second thread while the courses and patients are converted and written.
        ExecutorService cellWriter = Executors.newSingleThreadExecutor(r -> {
            Thread thread = new Thread(r, "outcomes-rebuild-cell-writer");
            thread.setDaemon(true);
            return thread;
        });
        try {
            Future<?> cellsWritten = cellWriter.submit(() -> {
                for (List<HeldCell> chunk : chunks(inIdOrder(cells))) {
                    // Sums without markers: nothing else writes these cells, and the courses record no pending
                    // change.
                    List<ReadModelStore.CellSumUpdate> sums = chunk.stream().map(cell ->
                            new ReadModelStore.CellSumUpdate(cell.key, cell.increments, Map.of())).toList();
                    if (fresh) {
                        store.insertNewCells(sums, createdCells);
                    } else {
                        store.addCellSums(sums, createdCells);
                    }
                    Map<String, List<String>> added = new LinkedHashMap<>();
                    Map<String, List<String>> removed = new LinkedHashMap<>();
                    for (HeldCell cell : chunk) {
                        cell.opened.forEach((courseId, delta) -> {
                            if (delta > 0) {
                                added.computeIfAbsent(cell.key.id(), id -> new ArrayList<>()).add(courseId);
                            } else if (delta < 0) {
                                removed.computeIfAbsent(cell.key.id(), id -> new ArrayList<>()).add(courseId);
                            }
                        });
                    }
                    if (fresh && removed.isEmpty()) {
                        store.insertCellCourses(added); // (a course leaves a list only after a flush listed it)
                    } else {
                        store.updateCellCourses(added, removed);
                    }
                }
            });
            // What is held is let go chunk by chunk as it is converted (a flush that fails is not repeated: see
            // failure): the heap holds less and less of it while the server stores the rest, instead of all of it
            // to the end (the collector's full collections were most of a rebuild's write, benchmark 2026-12-04).
            List<Object> heldCourses = inIdOrder(courses);
            List<Object> heldPatients = inIdOrder(patients);
            courses.clear();
            patients.clear();
            Future<?> inFlight = writeLettingGo(heldCourses, ReadModelStore.COURSE_OUTCOMES, storedCourses, writer,
                    null);
            inFlight = writeLettingGo(heldPatients, ReadModelStore.PATIENT_STREAMS, storedPatients, writer, inFlight);
            await(inFlight);
            await(cellsWritten);
            if (!cells.isEmpty()) {
                store.cellsChanged();
            }
        } catch (RuntimeException e) {
            failure = e.toString();
            throw new IllegalStateException("writing the rebuild's held read models failed", e);
        } finally {
            writer.shutdown();
            cellWriter.shutdown();
        }
        // (courses and patients were let go as they were written)
        storedCourses.clear();
        storedPatients.clear();
        cells.clear();
        storeMayHold = true;
        flushes++;
    }

    /**
     * Converts the held documents in chunks, each written on {@code writer} while the next is converted, and lets
     * each go once converted.
     *
     * @return the last chunk's write, still in flight
     */
    private Future<?> writeLettingGo(List<Object> held, String base, Set<String> stored, ExecutorService writer,
                                     Future<?> inFlight) {
        for (int from = 0; from < held.size(); from += CHUNK) {
            int to = Math.min(held.size(), from + CHUNK);
            List<RawBsonDocument> documents = new ArrayList<>(to - from);
            for (int i = from; i < to; i++) {
                documents.add(ReadModelStore.toBson(held.get(i)));
                held.set(i, null);
            }
            await(inFlight);
            inFlight = writer.submit(() -> store.writeDocumentsById(base, documents, stored));
        }
        return inFlight;
    }

    /**
     * The held values in the order of their ids, the order of the collections' keys. Ids are random UUIDs: in
     * held order every chunk of 1,000 touched most pages of the embedded server's B-tree, and its store serializes
     * every touched page again at its next commit; in key order a commit writes the pages filled since the last.
     * (RebuildProfile, 250,000 events, ABBA: the write 1.4-1.9 s against 2.1-2.9 s.)
     */
    private static <T> List<T> inIdOrder(Map<String, ? extends T> held) {
        List<String> ids = new ArrayList<>(held.keySet());
        Collections.sort(ids);
        List<T> values = new ArrayList<>(ids.size());
        for (String id : ids) {
            values.add(held.get(id));
        }
        return values;
    }

    /** Waits for a chunk's write; its failure is the flush's. */
    private static void await(Future<?> write) {
        if (write == null) {
            return;
        }
        try {
            write.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing held documents", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause
                    : new IllegalStateException("writing held documents failed", e.getCause());
        }
    }

    /** Flushes what is held, so that the batch can take the store path. */
    private List<Result> toStorePath() {
        flush();
        storeMayHold = true; // the store path writes this batch
        return null;
    }

    private boolean storeMayHold() {
        if (storeMayHold == null) {
            storeMayHold = !store.isEmpty(); // a rebuild starts on dropped collections: no look-ups then
        }
        return storeMayHold;
    }

    /** Whether an event of the batch is beyond its stream's next sequence (checked before anything changes). */
    private boolean hasGap(List<Incoming> batch, Map<String, CourseOutcomeDocument> loadedCourses,
                           Map<String, PatientStreamDocument> loadedPatients) {
        Map<String, Long> applied = new HashMap<>();
        for (Incoming incoming : batch) {
            EventEnvelope envelope = incoming.envelope();
            String stream = envelope.aggregateId();
            Long last;
            if (applied.containsKey(stream)) {
                last = applied.get(stream);
            } else if (isPatientStream(envelope)) {
                String owner = incoming.owner();
                PatientStreamDocument patient = patients.getOrDefault(owner, loadedPatients.get(owner));
                last = patient == null ? null : patient.applied.get(stream);
            } else {
                String owner = incoming.owner();
                CourseOutcomeDocument course = courses.getOrDefault(owner, loadedCourses.get(owner));
                last = course == null ? null : course.appliedSequence(stream);
            }
            long expected = EventApplier.expectedSequence(last);
            if (envelope.aggregateSequence() > expected) {
                return true;
            }
            applied.put(stream, Math.max(envelope.aggregateSequence(), last == null ? -1 : last));
        }
        return false;
    }

    private static boolean isPatientStream(EventEnvelope envelope) {
        return envelope.aggregateType() == AggregateType.PATIENT;
    }

    private static <T> List<List<T>> chunks(List<T> values) {
        List<List<T>> chunks = new ArrayList<>();
        for (int from = 0; from < values.size(); from += CHUNK) {
            chunks.add(values.subList(from, Math.min(values.size(), from + CHUNK)));
        }
        return chunks;
    }

    /** A cell's changes since the last flush: summed increments, and each course's net entries into its list. */
    private static final class HeldCell {
        final CellKey key;
        final Map<String, Long> increments = new LinkedHashMap<>();
        /** Course id -> net +1 (opened in the cell), -1 (taken out), 0 (both) since the last flush. */
        final Map<String, Long> opened = new LinkedHashMap<>();

        HeldCell(CellKey key) {
            this.key = key;
        }

        void add(String courseId, CellChange change) {
            NestedCounters.flatten(change.increments).forEach((path, delta) -> increments.merge(path, delta, Long::sum));
            long delta = CellContributions.coursesOpenedDelta(change);
            if (delta != 0) {
                opened.merge(courseId, delta, Long::sum);
            }
        }
    }
}
