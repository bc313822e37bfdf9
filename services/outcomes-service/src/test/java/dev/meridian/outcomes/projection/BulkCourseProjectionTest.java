package dev.meridian.outcomes.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Sorts;
import dev.meridian.events.AggregateType;
import dev.meridian.events.envelope.CloudEventsKafkaCodec;
import dev.meridian.events.envelope.EventEnvelope;
import dev.meridian.outcomes.recount.IndependentRecount;
import dev.meridian.outcomes.recount.ProjectedFigures;
import dev.meridian.outcomes.support.History;
import dev.meridian.outcomes.support.TestServers;
import dev.meridian.outcomes.support.Workloads;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/** The benchmark's bulk seeding stores exactly what the live applier stores for the same events. */
class BulkCourseProjectionTest {




    private static MongoDatabase freshDatabase(String prefix) {
        return TestServers.freshDatabase(prefix);
    }

    private static List<Document> all(MongoDatabase database, String collection) {
        return database.getCollection(collection).find().sort(Sorts.ascending("_id")).into(new ArrayList<>());
    }

    /** The course and session events of each course, in topic order. */
    private static Map<String, List<EventEnvelope>> byCourse(History history) {
        Map<String, List<EventEnvelope>> courses = new LinkedHashMap<>();
        history.envelopes().stream().filter(e -> e.aggregateType() != AggregateType.PATIENT).forEach(e -> courses
                .computeIfAbsent(CourseOutcomeProjector.courseIdOf(e.event()), id -> new ArrayList<>()).add(e));
        return courses;
    }

    @Test
    void coursesAndCellsEqualWhatTheLiveApplierStoresForTheSameEvents() {
        History history = Workloads.generate(23, 40);
        MongoDatabase live = freshDatabase("bulk_live");
        EventApplier applier = new EventApplier(new ReadModelStore(live, ""),
                new ProjectionMetrics(new SimpleMeterRegistry(), "live"), (type, id, expected, received) -> { },
                new CloudEventsKafkaCodec(), Clock.systemUTC());
        history.envelopes().forEach(e -> applier.apply(e, Map.of(), new byte[0]));
        MongoDatabase bulk = freshDatabase("bulk_seeded");
        // A small batch: courses written in several insertMany calls, as in a large seeding.
        BulkCourseProjection projection = new BulkCourseProjection(new ReadModelStore(bulk, ""), 7);

        byCourse(history).values().forEach(projection::add);
        projection.finish();

        List<Document> courses = all(bulk, ReadModelStore.COURSE_OUTCOMES);
        assertThat(courses).isNotEmpty().isEqualTo(all(live, ReadModelStore.COURSE_OUTCOMES));
        assertThat(all(bulk, ReadModelStore.DASHBOARD_CELLS)).isEqualTo(all(live, ReadModelStore.DASHBOARD_CELLS));
        assertThat(ProjectedFigures.cells(all(bulk, ReadModelStore.DASHBOARD_CELLS)))
                .isEqualTo(IndependentRecount.cells(history.events()));
        assertThat(projection.coursesWritten()).isEqualTo(courses.size());
        assertThat(projection.sessionsWritten())
                .isEqualTo(courses.stream().mapToLong(c -> c.getInteger("sessionsScheduled")).sum()).isPositive();
    }

    @Test
    void aCourseWhoseStreamHasAGapIsRefusedNotSeeded() {
        History history = Workloads.generate(5, 3);
        List<EventEnvelope> events = new ArrayList<>(byCourse(history).values().iterator().next());
        events.remove(1);
        BulkCourseProjection projection = new BulkCourseProjection(
                new ReadModelStore(freshDatabase("bulk_gap"), ""), 10);

        assertThatThrownBy(() -> projection.add(events)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("out of order");
    }
}
