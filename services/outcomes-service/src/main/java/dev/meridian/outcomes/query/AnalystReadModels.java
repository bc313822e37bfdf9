package dev.meridian.outcomes.query;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gte;
import static com.mongodb.client.model.Filters.lte;

import com.mongodb.client.model.Projections;
import dev.meridian.outcomes.projection.NestedCounters;
import dev.meridian.outcomes.projection.ReadModelStore;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.stereotype.Component;

/**
 * The analyst API's only access to data: the {@code dashboard_cells} and {@code course_outcomes} read models
 * (docs/read-models.md), never the events. Reads the live collections through the projection's store, so a rebuild's
 * swap is seen at once.
 */
@Component
public class AnalystReadModels {

    /** Cell fields that are coordinates or bookkeeping, not counters. */
    private static final Set<String> NOT_COUNTERS = Set.of("_id", "locationId", "practitionerId", "month",
            "chronicity", "appliedVersions");

    private final ReadModelStore store;

    public AnalystReadModels(ReadModelStore liveReadModels) {
        this.store = liveReadModels;
    }

    /** All cells as units, and the cells' version they were read under. */
    private record CellSnapshot(String version, List<Unit> units) {
    }

    private volatile CellSnapshot snapshot = new CellSnapshot("", List.of());

    /**
     * Every dashboard cell whose month is in the period, as a unit of counters. The cells are kept in memory and
     * read again only when their version changed (one look-up by {@code _id} per call): every summary needs all
     * cells of its period, a few thousand at most, and reading and flattening them was most of a summary's time.
     * The version is read before the cells and counted after each change, so a snapshot is never older than its
     * version says, whichever node wrote.
     */
    public List<Unit> cells(Period period) {
        String version = store.cellsVersion();
        CellSnapshot current = snapshot;
        if (!current.version().equals(version)) {
            List<Unit> units = new ArrayList<>();
            store.collection(ReadModelStore.DASHBOARD_CELLS).find()
                    .projection(Projections.exclude("appliedVersions")).batchSize(ReadModelStore.SCAN_BATCH)
                    .forEach(cell -> {
                        Unit unit = cellUnit(cell); // shared by concurrent queries: read-only
                        units.add(new Unit(Map.copyOf(unit.keys()), Map.copyOf(unit.counters())));
                    });
            current = new CellSnapshot(version, List.copyOf(Unit.densified(units)));
            snapshot = current;
        }
        List<Unit> inPeriod = new ArrayList<>();
        for (Unit unit : current.units()) {
            if (period.containsMonth(unit.keys().get(Dimension.MONTH))) {
                inPeriod.add(unit);
            }
        }
        return inPeriod;
    }

    static Unit cellUnit(Document cell) {
        Map<Dimension, String> keys = new EnumMap<>(Dimension.class);
        keys.put(Dimension.LOCATION, cell.getString("locationId"));
        keys.put(Dimension.PRACTITIONER, cell.getString("practitionerId"));
        keys.put(Dimension.MONTH, cell.getString("month"));
        keys.put(Dimension.CHRONICITY, cell.getString("chronicity"));
        Document counters = new Document(cell);
        NOT_COUNTERS.forEach(counters::remove);
        return new Unit(keys, NestedCounters.flatten(counters));
    }

    /** Every opened course whose opening month is in the period, as a unit of its own counters. */
    public List<Unit> courses(Period period) {
        List<Unit> units = new ArrayList<>();
        store.collection(ReadModelStore.COURSE_OUTCOMES)
                .find(and(eq("opened", true), monthRange("openingMonth", period)))
                .projection(Projections.exclude("applied", "cellContribution", "pendingCellChange"))
                .batchSize(ReadModelStore.SCAN_BATCH)
                .forEach(course -> units.add(CourseCounters.unit(course)));
        return units;
    }

    /** Location and practitioner ids and months that have cells: the dashboard's filter choices. */
    public Map<String, Set<String>> dimensionValues() {
        Set<String> locations = new TreeSet<>();
        Set<String> practitioners = new TreeSet<>();
        Set<String> months = new TreeSet<>();
        for (Unit cell : cells(Period.of(null, null, Period.Granularity.MONTH))) {
            locations.add(cell.keys().get(Dimension.LOCATION));
            practitioners.add(cell.keys().get(Dimension.PRACTITIONER));
            months.add(cell.keys().get(Dimension.MONTH));
        }
        return Map.of("locations", locations, "practitioners", practitioners, "months", months);
    }

    /** The opened courses of each cell, sorted by course id (the course list's index). */
    public Map<String, List<String>> cellCourses(List<String> cellIds) {
        return store.cellCourses(cellIds);
    }

    /** The given fields of the course documents with the given ids. */
    public List<Document> courses(List<String> courseIds, List<String> fields) {
        return store.coursesById(courseIds, Projections.include(fields));
    }

    static Bson monthRange(String field, Period period) {
        List<Bson> range = new ArrayList<>();
        if (period.firstMonth() != null) {
            range.add(gte(field, period.firstMonth()));
        }
        if (period.lastMonth() != null) {
            range.add(lte(field, period.lastMonth()));
        }
        return range.isEmpty() ? new Document() : and(range);
    }
}
