package dev.meridian.outcomes.projection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.events.ClinicEvent;
import dev.meridian.events.envelope.EventEnvelope;
import dev.meridian.outcomes.recount.IndependentRecount;
import dev.meridian.outcomes.recount.ProjectedFigures;
import dev.meridian.outcomes.support.History;
import dev.meridian.outcomes.support.Workloads;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The projection's pure part against the independent recount on varied workloads, applied in the stored order
 * and in shuffled interleavings of the streams (each stream still in order, as Kafka guarantees per partition and
 * the sequence check guarantees per aggregate).
 */
class RecountAgreementTest {

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 42, 2026})
    void projectionEqualsTheRecountWhateverTheInterleavingOfStreams(long seed) {
        History history = Workloads.generate(seed, 40);
        List<ClinicEvent> events = history.events();
        Map<String, IndependentRecount.CourseFigures> expectedCourses = IndependentRecount.courses(events);
        Map<String, Map<String, Long>> expectedCells = IndependentRecount.cells(events);

        InMemoryProjection inOrder = InMemoryProjection.of(events);
        assertThat(ProjectedFigures.courses(inOrder.courseDocuments())).isEqualTo(expectedCourses);
        assertThat(inOrder.cells()).isEqualTo(expectedCells);

        InMemoryProjection interleaved = InMemoryProjection.of(shuffleStreams(history.envelopes(), new Random(seed)));
        assertThat(ProjectedFigures.courses(interleaved.courseDocuments())).isEqualTo(expectedCourses);
        assertThat(interleaved.cells()).isEqualTo(expectedCells);
    }

    private static List<ClinicEvent> shuffleStreams(List<EventEnvelope> envelopes, Random random) {
        Map<String, Deque<EventEnvelope>> streams = new LinkedHashMap<>();
        envelopes.forEach(e -> streams.computeIfAbsent(e.aggregateId(), id -> new ArrayDeque<>()).add(e));
        List<Deque<EventEnvelope>> open = new ArrayList<>(streams.values());
        List<ClinicEvent> result = new ArrayList<>();
        while (!open.isEmpty()) {
            Deque<EventEnvelope> stream = open.get(random.nextInt(open.size()));
            result.add(stream.poll().event());
            if (stream.isEmpty()) {
                open.remove(stream);
            }
        }
        return result;
    }
}
