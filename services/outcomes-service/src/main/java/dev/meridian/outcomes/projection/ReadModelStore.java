package dev.meridian.outcomes.projection;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.exists;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Filters.lt;
import static com.mongodb.client.model.Filters.or;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.mongodb.MongoNamespace;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.InsertOneModel;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.RenameCollectionOptions;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import com.mongodb.client.result.UpdateResult;
import dev.meridian.outcomes.projection.CourseOutcomeDocument.CellChange;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.conversions.Bson;

/**
 * The outcome read models of one generation: the live collections, or a rebuild's fresh ones (same names with a
 * suffix). Every read and write of a document is by {@code _id} alone, except the cell guard (see
 * {@link #applyCellChange}); schema in docs/read-models.md.
 */
public final class ReadModelStore {

    public static final String COURSE_OUTCOMES = "course_outcomes";
    public static final String DASHBOARD_CELLS = "dashboard_cells";
    public static final String PATIENT_STREAMS = "patient_streams";
    public static final String PARKED_EVENTS = "parked_events";
    public static final String CELL_COURSES = "cell_courses";
    public static final String CELL_VERSIONS = "cell_versions";
    public static final List<String> COLLECTIONS = List.of(COURSE_OUTCOMES, DASHBOARD_CELLS, CELL_COURSES,
            CELL_VERSIONS, PATIENT_STREAMS, PARKED_EVENTS);
    /** The one document of {@code cell_versions}: which generation the cells are, and how often they changed. */
    private static final String CELLS_VERSION_ID = "dashboard_cells";
    /**
     * Documents per reply for reads of a whole collection. Without a batch size the embedded server answers a
     * cursor with every remaining document in one reply, and beyond 48 MB (300,000 courses' {@code applied} maps)
     * the driver refuses the reply: reconciliation failed at scale. A real MongoDB caps each reply at 16 MB by
     * itself; the embedded server counts documents only, so the batch is small enough for large documents too.
     */
    public static final int SCAN_BATCH = 200;
    /** Document ids per {@code $in} look-up. */
    static final int LOOKUP_BATCH = 5_000;

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };
    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final MongoDatabase database;
    private final String suffix;

    public ReadModelStore(MongoDatabase database, String suffix) {
        this.database = database;
        this.suffix = suffix;
    }

    public String collectionName(String base) {
        return base + suffix;
    }

    public MongoCollection<Document> collection(String base) {
        return database.getCollection(collectionName(base));
    }

    /** The collection for writing whole documents written as BSON here ({@link #toBson}). */
    private MongoCollection<RawBsonDocument> stored(String base) {
        return database.getCollection(collectionName(base), RawBsonDocument.class);
    }

    // --- course outcomes ---

    public Optional<CourseOutcomeDocument> findCourse(String courseId) {
        return Optional.ofNullable(collection(COURSE_OUTCOMES).find(eq("_id", courseId)).first())
                .map(doc -> JSON.convertValue(doc, CourseOutcomeDocument.class));
    }

    /** The stored courses among {@code courseIds}, by id, in one round trip ({@code _id $in}: indexed everywhere). */
    public Map<String, CourseOutcomeDocument> findCourses(Collection<String> courseIds) {
        return findById(COURSE_OUTCOMES, courseIds, CourseOutcomeDocument.class, c -> c.id);
    }

    /** Replaces (or inserts) each course by {@code _id}, in one round trip. */
    public void saveCourses(Collection<CourseOutcomeDocument> courses) {
        replaceById(COURSE_OUTCOMES, courses, c -> c.id);
    }

    /**
     * Writes courses in one round trip: the ones in {@code stored} (read from the store before) replaced by
     * {@code _id}, the others inserted. An insert is about half an upsert's work on the embedded server (one
     * {@code _id} look-up instead of a query and a look-up). Should another writer have inserted one meanwhile, the
     * duplicate key fails the write, and the batch is read again (then it finds the course).
     */
    public void saveCourses(Collection<CourseOutcomeDocument> courses, Set<String> stored) {
        writeById(COURSE_OUTCOMES, courses, c -> c.id, stored);
    }

    /** As {@link #saveCourses(Collection, Set)}, for patient streams. */
    public void savePatients(Collection<PatientStreamDocument> patients, Set<String> stored) {
        writeById(PATIENT_STREAMS, patients, p -> p.id, stored);
    }

    /**
     * Drops the recorded pending cell change of each course, in one round trip: once its cells hold it, so that
     * the cells' exactly-once markers for it can go too.
     */
    public void clearPendingCellChanges(Collection<String> courseIds) {
        if (!courseIds.isEmpty()) {
            collection(COURSE_OUTCOMES).bulkWrite(courseIds.stream()
                    .map(id -> new UpdateOneModel<Document>(eq("_id", id), Updates.set("pendingCellChange", null)))
                    .toList(), new BulkWriteOptions().ordered(false));
        }
    }

    /** Replaces the whole document by {@code _id}: the state and the sequences it applied, in one write. */
    public void saveCourse(CourseOutcomeDocument course) {
        stored(COURSE_OUTCOMES).replaceOne(eq("_id", course.id), toBson(course), new ReplaceOptions().upsert(true));
    }

    /**
     * Inserts course documents that are not in the store yet, in one round trip (bulk seeding: see
     * {@link BulkCourseProjection}; the live path replaces one document at a time).
     */
    public void insertCourses(List<CourseOutcomeDocument> courses) {
        if (!courses.isEmpty()) {
            stored(COURSE_OUTCOMES).insertMany(courses.stream().map(ReadModelStore::toBson).toList());
        }
    }

    /** Every course document's {@code _id} and {@code applied} map, for reconciliation. */
    public void forEachCourseApplied(Consumer<Document> action) {
        collection(COURSE_OUTCOMES).find().projection(Projections.include("applied")).batchSize(SCAN_BATCH)
                .forEach(action);
    }

    /**
     * The {@code applied} map (stream id -> last sequence applied) of each of these documents of {@code collection}
     * ({@link #COURSE_OUTCOMES} or {@link #PATIENT_STREAMS}) that exists, by document id: {@code _id} look-ups only,
     * {@value #LOOKUP_BATCH} ids per query, so a long window's changes stay well inside one query document.
     */
    public Map<String, Map<String, Long>> appliedIn(String collection, Collection<String> ids) {
        Map<String, Map<String, Long>> applied = new HashMap<>();
        List<String> all = List.copyOf(ids);
        for (int from = 0; from < all.size(); from += LOOKUP_BATCH) {
            collection(collection).find(in("_id", all.subList(from, Math.min(all.size(), from + LOOKUP_BATCH))))
                    .projection(Projections.include("applied")).batchSize(SCAN_BATCH)
                    .forEach(doc -> applied.put(String.valueOf(doc.get("_id")), appliedOf(doc)));
        }
        return applied;
    }

    /** A document's {@code applied} map: stream id -> last sequence applied (empty when it has none). */
    public static Map<String, Long> appliedOf(Document doc) {
        Map<String, Long> sequences = new HashMap<>();
        if (doc.get("applied") instanceof Map<?, ?> map) {
            map.forEach((id, sequence) -> sequences.put(String.valueOf(id), ((Number) sequence).longValue()));
        }
        return sequences;
    }

    public void forEachCourse(Consumer<CourseOutcomeDocument> action) {
        collection(COURSE_OUTCOMES).find().batchSize(SCAN_BATCH)
                .forEach(doc -> action.accept(JSON.convertValue(doc, CourseOutcomeDocument.class)));
    }

    // --- dashboard cells ---

    /**
     * Adds a course's cell change at most once: the increments and the course's new version are one atomic
     * update guarded by {@code appliedVersions.<courseId> < version}. A redo after a crash finds the guard closed.
     *
     * @return whether this call changed the cell
     */
    public boolean applyCellChange(String courseId, long version, CellChange change) {
        String cellId = change.cell.id();
        String marker = "appliedVersions." + courseId;
        Bson guard = and(eq("_id", cellId), or(exists(marker, false), lt(marker, version)));
        List<Bson> updates = new ArrayList<>();
        NestedCounters.flatten(change.increments).forEach((path, delta) -> updates.add(Updates.inc(path, delta)));
        updates.add(Updates.set(marker, version));
        Bson update = Updates.combine(updates);
        MongoCollection<Document> cells = collection(DASHBOARD_CELLS);
        UpdateResult result = cells.updateOne(guard, update);
        if (result.getMatchedCount() > 0) {
            return true;
        }
        if (cells.find(eq("_id", cellId)).projection(Projections.include("_id")).first() != null) {
            return false; // the cell exists: the guard refused a change it already holds
        }
        createCell(change.cell);
        return cells.updateOne(guard, update).getMatchedCount() > 0;
    }

    /**
     * Adds several courses' changes to one cell in one atomic update, guarded for each course as
     * {@link #applyCellChange} is: when any of them is already in (a redo), nothing changes and the caller applies
     * them one by one.
     *
     * @param versions course id -> the version of its change
     * @return whether this call changed the cell
     */
    public boolean applyCellChanges(CellKey key, Map<String, Long> increments, Map<String, Long> versions) {
        List<Bson> guard = new ArrayList<>();
        guard.add(eq("_id", key.id()));
        List<Bson> updates = new ArrayList<>();
        increments.forEach((path, delta) -> updates.add(Updates.inc(path, delta)));
        versions.forEach((courseId, version) -> {
            String marker = "appliedVersions." + courseId;
            guard.add(or(exists(marker, false), lt(marker, version)));
            updates.add(Updates.set(marker, version));
        });
        MongoCollection<Document> cells = collection(DASHBOARD_CELLS);
        Bson update = Updates.combine(updates);
        if (cells.updateOne(and(guard), update).getMatchedCount() > 0) {
            return true;
        }
        if (cells.find(eq("_id", key.id())).projection(Projections.include("_id")).first() != null) {
            return false;
        }
        createCell(key);
        return cells.updateOne(and(guard), update).getMatchedCount() > 0;
    }

    /**
     * Removes courses' exactly-once markers from a cell, by {@code _id} alone: for courses whose documents no longer
     * record a pending change for it, so that nothing can offer that change again. Keeps the cells to counters.
     */
    public void clearCellMarkers(String cellId, Collection<String> courseIds) {
        if (!courseIds.isEmpty()) {
            collection(DASHBOARD_CELLS).updateOne(eq("_id", cellId),
                    Updates.combine(courseIds.stream().map(id -> Updates.unset("appliedVersions." + id)).toList()));
        }
    }

    /**
     * Removes courses' exactly-once markers from several cells in one round trip (unordered bulk, each update by
     * {@code _id} alone), as {@link #clearCellMarkers(String, Collection)} does per cell.
     *
     * @param byCell cell id -> the courses whose markers go
     */
    public void clearCellMarkers(Map<String, ? extends Collection<String>> byCell) {
        List<UpdateOneModel<Document>> updates = new ArrayList<>();
        byCell.forEach((cellId, courseIds) -> {
            if (!courseIds.isEmpty()) {
                updates.add(new UpdateOneModel<>(eq("_id", cellId), Updates.combine(courseIds.stream()
                        .map(id -> Updates.unset("appliedVersions." + id)).toList())));
            }
        });
        if (!updates.isEmpty()) {
            collection(DASHBOARD_CELLS).bulkWrite(updates, new BulkWriteOptions().ordered(false));
        }
    }

    /**
     * Adds a batch's cell sums for a projection that is the only writer of its collections (a rebuild: one consumer,
     * fresh collections), in two round trips whatever the number of cells: the cells not yet created by this
     * projection are created ({@code $setOnInsert}, upsert by {@code _id}), then each cell gets its increments and
     * its courses' markers in one update by {@code _id} alone. No guard: a change computed in a batch cannot be in
     * its cells yet, because the cells are written only after the courses recording it as pending; a change left
     * pending by a failed attempt is finished through {@link #applyCellChange}, whose guard finds these markers.
     * Unlike the guarded update this is not a scan of the cells on the embedded server.
     *
     * @param created the cells known to exist; the ones created here are added to it
     */
    public void addCellSums(List<CellSumUpdate> sums, Set<String> created) {
        if (sums.isEmpty()) {
            return;
        }
        List<UpdateOneModel<Document>> creations = new ArrayList<>();
        List<String> creating = new ArrayList<>();
        for (CellSumUpdate sum : sums) {
            if (!created.contains(sum.key().id())) {
                creations.add(new UpdateOneModel<>(eq("_id", sum.key().id()), newCellFields(sum.key()),
                        new UpdateOptions().upsert(true)));
                creating.add(sum.key().id());
            }
        }
        MongoCollection<Document> cells = collection(DASHBOARD_CELLS);
        if (!creations.isEmpty()) {
            cells.bulkWrite(creations, new BulkWriteOptions().ordered(false));
            created.addAll(creating);
        }
        List<UpdateOneModel<Document>> updates = new ArrayList<>(sums.size());
        for (CellSumUpdate sum : sums) {
            List<Bson> changes = new ArrayList<>();
            sum.increments().forEach((path, delta) -> changes.add(Updates.inc(path, delta)));
            sum.versions().forEach((courseId, version) -> changes.add(Updates.set("appliedVersions." + courseId,
                    version)));
            updates.add(new UpdateOneModel<>(eq("_id", sum.key().id()), Updates.combine(changes)));
        }
        cells.bulkWrite(updates, new BulkWriteOptions().ordered(false));
    }

    /**
     * Inserts cells that exist nowhere yet, each as {@link #addCellSums} would leave it (its coordinates and zero
     * counters, then its increments and markers), in one round trip: for a rebuild's first write into its fresh
     * collections. An insert is one {@code _id} look-up on the embedded server; the upsert and the update with a
     * few dozen {@code $setOnInsert}/{@code $inc} paths each were most of the server's work in a rebuild's write
     * (profiled). A cell that exists fails the write (duplicate key).
     *
     * @param created the cells known to exist; the ones inserted here are added to it
     */
    public void insertNewCells(List<CellSumUpdate> sums, Set<String> created) {
        if (sums.isEmpty()) {
            return;
        }
        List<InsertOneModel<Document>> inserts = new ArrayList<>(sums.size());
        for (CellSumUpdate sum : sums) {
            CellKey key = sum.key();
            Document cell = new Document("_id", key.id());
            newCell(key).forEach((path, value) -> setPath(cell, path, value));
            sum.increments().forEach((path, delta) -> incPath(cell, path, delta));
            sum.versions().forEach((courseId, version) -> setPath(cell, "appliedVersions." + courseId, version));
            inserts.add(new InsertOneModel<>(cell));
        }
        collection(DASHBOARD_CELLS).bulkWrite(inserts, new BulkWriteOptions().ordered(false));
        sums.forEach(sum -> created.add(sum.key().id()));
    }

    /** Sets a dotted path in a document as {@code $set} does, creating the documents on the way. */
    private static void setPath(Document root, String path, Object value) {
        int dot = path.lastIndexOf('.');
        parentOf(root, path, dot).put(path.substring(dot + 1), value);
    }

    /** Adds to a dotted path's counter as {@code $inc} does (a missing counter starts at 0). */
    private static void incPath(Document root, String path, long delta) {
        int dot = path.lastIndexOf('.');
        Document parent = parentOf(root, path, dot);
        String name = path.substring(dot + 1);
        Object current = parent.get(name);
        parent.put(name, current instanceof Number n ? n.longValue() + delta : delta);
    }

    private static Document parentOf(Document root, String path, int lastDot) {
        Document node = root;
        if (lastDot < 0) {
            return node;
        }
        for (String part : path.substring(0, lastDot).split("\\.")) {
            Object child = node.get(part);
            if (!(child instanceof Document)) {
                child = new Document();
                node.put(part, child);
            }
            node = (Document) child;
        }
        return node;
    }

    /**
     * Inserts course lists of cells that have none yet (a rebuild's first write into its fresh collections), each
     * as {@link #updateCellCourses(Map, Map)} would create it, in one round trip. A list that exists fails the write.
     */
    public void insertCellCourses(Map<String, ? extends Collection<String>> lists) {
        List<InsertOneModel<Document>> inserts = new ArrayList<>(lists.size());
        lists.forEach((cellId, courses) -> {
            if (!courses.isEmpty()) {
                inserts.add(new InsertOneModel<>(new Document("_id", cellId)
                        .append("courses", new ArrayList<>(new LinkedHashSet<>(courses)))));
            }
        });
        if (!inserts.isEmpty()) {
            collection(CELL_COURSES).bulkWrite(inserts, new BulkWriteOptions().ordered(false));
        }
    }

    /** One cell's summed increments in a batch and the version of each course's change in it. */
    public record CellSumUpdate(CellKey key, Map<String, Long> increments, Map<String, Long> versions) {
    }

    /**
     * Adds summed increments of courses new to this cell in one unguarded update by {@code _id} (bulk seeding: see
     * {@link BulkCourseProjection}, whose course documents record no pending change, so no marker is needed).
     */
    public void addToCell(CellKey key, Map<String, Long> increments) {
        createCell(key);
        List<Bson> updates = new ArrayList<>();
        increments.forEach((path, delta) -> updates.add(Updates.inc(path, delta)));
        collection(DASHBOARD_CELLS).updateOne(eq("_id", key.id()), Updates.combine(updates));
    }

    private void createCell(CellKey key) {
        collection(DASHBOARD_CELLS).updateOne(eq("_id", key.id()), newCellFields(key),
                new UpdateOptions().upsert(true));
    }

    /** A new cell's coordinates and zero counters, each {@code $setOnInsert}: an existing cell is left as it is. */
    private static Bson newCellFields(CellKey key) {
        List<Bson> fields = new ArrayList<>();
        newCell(key).forEach((path, value) -> fields.add(Updates.setOnInsert(path, value)));
        return Updates.combine(fields);
    }

    /** What a new cell holds before its first increments, by (dotted) path: the upsert's and the insert's shape. */
    private static Map<String, Object> newCell(CellKey key) {
        Map<String, Object> paths = new LinkedHashMap<>();
        paths.put("locationId", key.locationId());
        paths.put("practitionerId", key.practitionerId());
        paths.put("month", key.month());
        paths.put("chronicity", key.chronicity().name());
        CellContributions.SCALAR_COUNTERS.forEach(name -> paths.put(name, 0L));
        paths.put("histograms", new Document("sessionsToRelief", new Document())
                .append("retentionMinutes", new Document())
                .append("painChange", new Document())
                .append("baselinePain", new Document()));
        paths.put("appliedVersions", new Document());
        return paths;
    }

    // --- the courses of each cell (the course list's index) ---

    /**
     * Adds and removes courses in a cell's list of opened courses. Both are idempotent ({@code $addToSet},
     * {@code $pullAll}), so a redo needs no guard; by {@code _id} alone.
     */
    public void updateCellCourses(String cellId, Collection<String> added, Collection<String> removed) {
        MongoCollection<Document> lists = collection(CELL_COURSES);
        if (!added.isEmpty()) {
            lists.updateOne(eq("_id", cellId), Updates.addEachToSet("courses", List.copyOf(added)),
                    new UpdateOptions().upsert(true));
        }
        if (!removed.isEmpty()) {
            lists.updateOne(eq("_id", cellId), Updates.pullAll("courses", List.copyOf(removed)));
        }
    }

    /**
     * {@link #updateCellCourses(String, Collection, Collection)} for several cells in one round trip (an ordered bulk
     * write: per cell the additions, then the removals, as there).
     */
    public void updateCellCourses(Map<String, ? extends Collection<String>> added,
                                  Map<String, ? extends Collection<String>> removed) {
        Set<String> cellIds = new LinkedHashSet<>(added.keySet());
        cellIds.addAll(removed.keySet());
        List<WriteModel<Document>> writes = new ArrayList<>();
        for (String cellId : cellIds) {
            Collection<String> in = added.get(cellId);
            if (in != null && !in.isEmpty()) {
                writes.add(new UpdateOneModel<>(eq("_id", cellId), Updates.addEachToSet("courses", List.copyOf(in)),
                        new UpdateOptions().upsert(true)));
            }
            Collection<String> out = removed.get(cellId);
            if (out != null && !out.isEmpty()) {
                writes.add(new UpdateOneModel<>(eq("_id", cellId), Updates.pullAll("courses", List.copyOf(out))));
            }
        }
        if (!writes.isEmpty()) {
            collection(CELL_COURSES).bulkWrite(writes, new BulkWriteOptions().ordered(true));
        }
    }

    /**
     * Builds the cells' course lists from the course documents when there are none yet although courses are
     * stored (read models written before the lists existed): one scan, once.
     *
     * @return the number of cells listed by this call
     */
    public int buildCellCoursesIfMissing() {
        if (collection(CELL_COURSES).find().limit(1).first() != null
                || collection(COURSE_OUTCOMES).find().limit(1).first() == null) {
            return 0;
        }
        Map<String, List<String>> lists = new HashMap<>();
        collection(COURSE_OUTCOMES).find(eq("opened", true)).projection(Projections.include("cellContribution"))
                .batchSize(SCAN_BATCH)
                .forEach(doc -> {
                    CourseOutcomeDocument course = JSON.convertValue(doc, CourseOutcomeDocument.class);
                    if (course.cellContribution != null) {
                        lists.computeIfAbsent(course.cellContribution.cell.id(), id -> new ArrayList<>())
                                .add(course.id);
                    }
                });
        lists.forEach((cellId, courses) -> updateCellCourses(cellId, courses, List.of()));
        return lists.size();
    }

    /** The course ids of each of the given cells, sorted; by {@code _id $in} (indexed everywhere). */
    public Map<String, List<String>> cellCourses(Collection<String> cellIds) {
        Map<String, List<String>> found = new HashMap<>();
        if (!cellIds.isEmpty()) {
            collection(CELL_COURSES).find(in("_id", cellIds)).forEach(doc -> {
                List<String> courses = new ArrayList<>(doc.getList("courses", String.class, List.of()));
                courses.sort(null);
                found.put(doc.getString("_id"), courses);
            });
        }
        return found;
    }

    /** The stored courses with the given ids (projected by the caller), by {@code _id $in}. */
    public List<Document> coursesById(Collection<String> courseIds, Bson projection) {
        if (courseIds.isEmpty()) {
            return List.of();
        }
        return collection(COURSE_OUTCOMES).find(in("_id", courseIds)).projection(projection)
                .into(new ArrayList<>());
    }

    // --- the cells' version (for readers that keep the cells in memory) ---

    /**
     * Counts a change of the dashboard cells, after the cells were written: a reader that read the version before
     * reading the cells is then never left with older cells under a newer version. Each generation of read models
     * (a rebuild's too) gets its own random generation id on its first change. By {@code _id} alone.
     */
    public void cellsChanged() {
        collection(CELL_VERSIONS).updateOne(eq("_id", CELLS_VERSION_ID),
                Updates.combine(Updates.inc("changes", 1L),
                        Updates.setOnInsert("generation", java.util.UUID.randomUUID().toString())),
                new UpdateOptions().upsert(true));
    }

    /** "generation:changes" of the cells, or "none" before their first change; by {@code _id} alone. */
    public String cellsVersion() {
        Document version = collection(CELL_VERSIONS).find(eq("_id", CELLS_VERSION_ID)).first();
        return version == null ? "none" : version.getString("generation") + ":" + version.get("changes");
    }

    public List<Document> allCells() {
        return collection(DASHBOARD_CELLS).find().batchSize(SCAN_BATCH).into(new ArrayList<>());
    }

    // --- patient streams ---

    public Map<String, PatientStreamDocument> findPatients(Collection<String> patientIds) {
        return findById(PATIENT_STREAMS, patientIds, PatientStreamDocument.class, p -> p.id);
    }

    public void savePatients(Collection<PatientStreamDocument> patients) {
        replaceById(PATIENT_STREAMS, patients, p -> p.id);
    }

    public Optional<PatientStreamDocument> findPatient(String patientId) {
        return Optional.ofNullable(collection(PATIENT_STREAMS).find(eq("_id", patientId)).first())
                .map(doc -> JSON.convertValue(doc, PatientStreamDocument.class));
    }

    public void savePatient(PatientStreamDocument patient) {
        stored(PATIENT_STREAMS).replaceOne(eq("_id", patient.id), toBson(patient), new ReplaceOptions().upsert(true));
    }

    public void forEachPatientApplied(Consumer<Document> action) {
        collection(PATIENT_STREAMS).find().projection(Projections.include("applied")).batchSize(SCAN_BATCH)
                .forEach(action);
    }

    // --- parked events ---

    public void park(ParkedEvent event) {
        collection(PARKED_EVENTS).replaceOne(eq("_id", event.id()), event.toDocument(),
                new ReplaceOptions().upsert(true));
    }

    public Optional<ParkedEvent> findParked(String aggregateId, long sequence) {
        return Optional.ofNullable(collection(PARKED_EVENTS).find(eq("_id", ParkedEvent.idOf(aggregateId, sequence)))
                .first()).map(ParkedEvent::fromDocument);
    }

    public boolean isParked(String aggregateId, long sequence) {
        return collection(PARKED_EVENTS).find(eq("_id", ParkedEvent.idOf(aggregateId, sequence)))
                .projection(Projections.include("_id")).first() != null;
    }

    public void deleteParked(String aggregateId, long sequence) {
        collection(PARKED_EVENTS).deleteOne(eq("_id", ParkedEvent.idOf(aggregateId, sequence)));
    }

    public List<ParkedEvent> allParked() {
        List<ParkedEvent> parked = new ArrayList<>();
        collection(PARKED_EVENTS).find().batchSize(SCAN_BATCH)
                .forEach(doc -> parked.add(ParkedEvent.fromDocument(doc)));
        return parked;
    }

    public long parkedCount() {
        return collection(PARKED_EVENTS).countDocuments();
    }

    // --- the generation as a whole ---

    /** Declares the indexes real MongoDB uses for the analyst queries (mongo-java-server ignores them). */
    public void createIndexes() {
        MongoCollection<Document> courses = collection(COURSE_OUTCOMES);
        courses.createIndex(Indexes.ascending("locationId", "openingMonth"), new IndexOptions());
        courses.createIndex(Indexes.ascending("practitionerId", "openingMonth"), new IndexOptions());
        courses.createIndex(Indexes.ascending("chronicity", "openingMonth"), new IndexOptions());
        courses.createIndex(Indexes.ascending("openedOn"), new IndexOptions());
        MongoCollection<Document> cells = collection(DASHBOARD_CELLS);
        cells.createIndex(Indexes.ascending("month"), new IndexOptions());
        cells.createIndex(Indexes.ascending("locationId", "month"), new IndexOptions());
        cells.createIndex(Indexes.ascending("practitionerId", "month"), new IndexOptions());
        cells.createIndex(Indexes.ascending("chronicity", "month"), new IndexOptions());
    }

    /** Whether this generation holds no course and no patient stream (one look-up each). */
    public boolean isEmpty() {
        return collection(COURSE_OUTCOMES).find().limit(1).first() == null
                && collection(PATIENT_STREAMS).find().limit(1).first() == null;
    }

    public void drop() {
        List<String> existing = database.listCollectionNames().into(new ArrayList<>());
        COLLECTIONS.stream().map(this::collectionName).filter(existing::contains)
                .forEach(name -> database.getCollection(name).drop());
    }

    /** Renames this generation's collections over {@code target}'s, replacing them. */
    public void replace(ReadModelStore target) {
        List<String> existing = database.listCollectionNames().into(new ArrayList<>());
        for (String base : COLLECTIONS) {
            String targetName = target.collectionName(base);
            if (existing.contains(collectionName(base))) {
                collection(base).renameCollection(new MongoNamespace(database.getName(), targetName),
                        new RenameCollectionOptions().dropTarget(true));
            } else if (existing.contains(targetName)) {
                database.getCollection(targetName).drop(); // nothing of it in the rebuild: nothing of it is live
            }
        }
    }

    /** The stored documents among {@code ids} of a collection, mapped, by id; one {@code _id $in} round trip. */
    private <T> Map<String, T> findById(String base, Collection<String> ids, Class<T> type, Function<T, String> idOf) {
        Map<String, T> found = new HashMap<>();
        if (!ids.isEmpty()) {
            collection(base).find(in("_id", ids)).forEach(doc -> {
                T value = JSON.convertValue(doc, type);
                found.put(idOf.apply(value), value);
            });
        }
        return found;
    }

    /** Replaces (or inserts) each value by {@code _id}, in one unordered bulk write. */
    private <T> void replaceById(String base, Collection<T> values, Function<T, String> idOf) {
        if (!values.isEmpty()) {
            stored(base).bulkWrite(values.stream()
                    .map(v -> new ReplaceOneModel<>(eq("_id", idOf.apply(v)), toBson(v),
                            new ReplaceOptions().upsert(true)))
                    .toList(), new BulkWriteOptions().ordered(false));
        }
    }

    /** Replaces the values whose id is in {@code stored} and inserts the others, in one unordered bulk write. */
    private <T> void writeById(String base, Collection<T> values, Function<T, String> idOf, Set<String> stored) {
        writeDocumentsById(base, values.stream().map(ReadModelStore::toBson).toList(), stored);
    }

    /**
     * As {@link #saveCourses(Collection, Set)} for documents already written as BSON ({@link #toBson}), so that a
     * caller can convert the next ones while these are written.
     */
    void writeDocumentsById(String base, List<RawBsonDocument> documents, Set<String> stored) {
        if (!documents.isEmpty()) {
            List<WriteModel<RawBsonDocument>> writes = new ArrayList<>(documents.size());
            for (RawBsonDocument document : documents) {
                String id = document.getString("_id").getValue();
                writes.add(stored.contains(id)
                        ? new ReplaceOneModel<>(eq("_id", id), document, new ReplaceOptions().upsert(true))
                        : new InsertOneModel<>(document));
            }
            stored(base).bulkWrite(writes, new BulkWriteOptions().ordered(false));
        }
    }

    /** A deep copy, as a round trip through the store would give it. */
    static <T> T copy(T value, Class<T> type) {
        return JSON.convertValue(JSON.convertValue(value, MAP), type);
    }

    /** The document as a map tree: what the store wrote before {@link #toBson}, whose bytes its tests compare. */
    static Document toDocument(Object value) {
        return new Document(JSON.convertValue(value, MAP));
    }

    /** The document {@link #toDocument} gives, as the driver writes it, written directly ({@link ReadModelBson}). */
    static RawBsonDocument toBson(Object value) {
        return ReadModelBson.encode(JSON, value);
    }
}
