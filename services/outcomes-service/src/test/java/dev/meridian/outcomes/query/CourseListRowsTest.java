package dev.meridian.outcomes.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.events.envelope.CloudEventsKafkaCodec;
import dev.meridian.events.envelope.EncodedRecord;
import dev.meridian.events.envelope.EventEnvelope;
import dev.meridian.outcomes.projection.EventApplier;
import dev.meridian.outcomes.projection.ProjectionMetrics;
import dev.meridian.outcomes.projection.ReadModelStore;
import dev.meridian.outcomes.support.TestServers;
import dev.meridian.outcomes.support.Workloads;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/**
 * The course list reads only the fields its rows are made of ({@link CourseListing#ROW_FIELDS}); every row must be
 * what the whole course document gives, for every course of a generated clinic network (retention, emotional
 * responses by phase, trauma, homework, follow-ups, closings).
 */
class CourseListRowsTest {

    private final CloudEventsKafkaCodec codec = new CloudEventsKafkaCodec();

    @Test
    void rowsFromTheListsFieldsEqualRowsFromWholeCourseDocuments() throws Exception {
        ReadModelStore store = new ReadModelStore(TestServers.freshDatabase("rows"), "");
        EventApplier applier = new EventApplier(store, new ProjectionMetrics(new SimpleMeterRegistry(), "live"),
                (type, id, expected, received) -> { }, codec, Clock.systemUTC());
        List<EventApplier.Incoming> batch = new ArrayList<>();
        for (EventEnvelope envelope : Workloads.generate(523, 60).envelopes()) {
            EncodedRecord record = codec.encode(envelope);
            batch.add(new EventApplier.Incoming(codec.decode(record.headers(), record.value()), record.headers(),
                    record.value()));
        }
        applier.refreshParkingLotState();
        applier.applyAll(batch);
        AnalystReadModels readModels = new AnalystReadModels(store);
        CourseListing listing = new CourseListing(readModels, new Pseudonyms("rows-test-key"),
                new OutcomeSummaries(readModels, 11));
        List<Document> whole = store.collection(ReadModelStore.COURSE_OUTCOMES).find().into(new ArrayList<>());
        Map<String, Document> listed = readModels.courses(
                        whole.stream().map(doc -> doc.getString("_id")).toList(), CourseListing.ROW_FIELDS).stream()
                .collect(Collectors.toMap(doc -> doc.getString("_id"), doc -> doc));

        assertThat(whole).hasSizeGreaterThan(60);
        assertThat(whole).anySatisfy(doc -> assertThat(RetentionBand.of(doc)).isNotEqualTo(RetentionBand.NONE));
        assertThat(listed).hasSameSizeAs(whole);
        for (Document course : whole) {
            assertThat(listing.row(listed.get(course.getString("_id"))))
                    .as("row of course %s", course.getString("_id"))
                    .isEqualTo(listing.row(course));
            Document withoutSums = new Document(course);
            withoutSums.remove("sessionsWithRetention");
            assertThat(RetentionBand.of(course)).as("band from the projection's sums and from the sessions")
                    .isEqualTo(RetentionBand.of(withoutSums));
        }
        assertThat(whole.stream().map(listing::row).map(row -> row.get("emotionalResponsePhases")))
                .anySatisfy(phases -> assertThat((List<?>) phases).isNotEmpty());
    }
}
