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

    /** Every dashboard cell whose month is in the period, as a unit of counters. */
    public List<Unit> cells(Period period) {
        List<Unit> units = new ArrayList<>();
        store.collection(ReadModelStore.DASHBOARD_CELLS).find(monthRange("month", period))
                .projection(Projections.exclude("appliedVersions"))
                .forEach(cell -> units.add(cellUnit(cell)));
        return units;
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
                .forEach(course -> units.add(CourseCounters.unit(course)));
        return units;
    }

    /** Location and practitioner ids and months that have cells: the dashboard's filter choices. */
    public Map<String, Set<String>> dimensionValues() {
        Set<String> locations = new TreeSet<>();
        Set<String> practitioners = new TreeSet<>();
        Set<String> months = new TreeSet<>();
        store.collection(ReadModelStore.DASHBOARD_CELLS).find()
                .projection(Projections.include("locationId", "practitionerId", "month"))
                .forEach(cell -> {
                    locations.add(cell.getString("locationId"));
                    practitioners.add(cell.getString("practitionerId"));
                    months.add(cell.getString("month"));
                });
        return Map.of("locations", locations, "practitioners", practitioners, "months", months);
    }

    /** The opened courses of each cell, sorted by course id (the course list's index). */
    public Map<String, List<String>> cellCourses(List<String> cellIds) {
        return store.cellCourses(cellIds);
    }

    /** The course documents with the given ids, without the projection's bookkeeping. */
    public List<Document> courses(List<String> courseIds) {
        return store.coursesById(courseIds,
                Projections.exclude("applied", "cellContribution", "pendingCellChange", "cellVersion"));
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
