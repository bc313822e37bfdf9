package dev.meridian.outcomes.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.events.envelope.CloudEventsKafkaCodec;
import dev.meridian.events.envelope.EncodedRecord;
import dev.meridian.events.envelope.EventEnvelope;
import dev.meridian.outcomes.projection.EventApplier;
import dev.meridian.outcomes.projection.ProjectionMetrics;
import dev.meridian.outcomes.projection.ReadModelStore;
import dev.meridian.outcomes.support.History;
import dev.meridian.outcomes.support.TestServers;
import dev.meridian.outcomes.support.Workloads;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The analyst side keeps the dashboard cells in memory between queries: a change written by the projection, on
 * this node or another, is in the very next summary.
 */
class CellSnapshotTest {

    private final CloudEventsKafkaCodec codec = new CloudEventsKafkaCodec();



    private void applyInOneBatch(EventApplier applier, List<EventEnvelope> envelopes) throws Exception {
        List<EventApplier.Incoming> batch = new ArrayList<>();
        for (EventEnvelope envelope : envelopes) {
            EncodedRecord record = codec.encode(envelope);
            batch.add(new EventApplier.Incoming(codec.decode(record.headers(), record.value()), record.headers(),
                    record.value()));
        }
        applier.refreshParkingLotState();
        assertThat(applier.applyAll(batch)).isNotNull();
    }

    private static long courses(AnalystReadModels readModels) {
        Period everything = Period.of(null, null, Period.Granularity.MONTH);
        return readModels.cells(everything).stream()
                .mapToLong(unit -> unit.counters().getOrDefault("coursesOpened", 0L)).sum();
    }

    @Test
    void aSummaryAfterTheProjectionWroteSeesTheChangeOnEveryNode() throws Exception {
        ReadModelStore store = new ReadModelStore(TestServers.freshDatabase("snapshot"), "");
        EventApplier applier = new EventApplier(store, new ProjectionMetrics(new SimpleMeterRegistry(), "live"),
                (type, id, expected, received) -> { }, codec, Clock.systemUTC());
        History history = Workloads.generate(31, 20);
        List<EventEnvelope> envelopes = history.envelopes();
        int half = envelopes.size() / 2;
        AnalystReadModels thisNode = new AnalystReadModels(store);
        AnalystReadModels otherNode = new AnalystReadModels(store);

        applyInOneBatch(applier, envelopes.subList(0, half));
        long firstHalf = courses(thisNode);
        assertThat(courses(otherNode)).isEqualTo(firstHalf);
        applyInOneBatch(applier, envelopes.subList(half, envelopes.size()));

        long opened = history.events().stream()
                .filter(e -> e instanceof dev.meridian.events.TreatmentCourseOpened).count();
        assertThat(firstHalf).isLessThan(opened);
        assertThat(courses(thisNode)).isEqualTo(opened);
        assertThat(courses(otherNode)).isEqualTo(opened);
    }
}
