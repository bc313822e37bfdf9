package dev.meridian.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.events.Chronicity;
import dev.meridian.events.ClinicEvent;
import dev.meridian.events.PatientEvent;
import dev.meridian.events.SessionScheduled;
import dev.meridian.events.TreatmentCourseOpened;
import dev.meridian.events.envelope.EventEnvelope;
import dev.meridian.local.demo.ApiCall;
import dev.meridian.local.demo.DemoGenerator;
import dev.meridian.local.demo.DemoParameters;
import dev.meridian.local.demo.PatientScript;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ScriptEventsTest {

    private final DemoParameters parameters = DemoParameters.defaults(3, 1000, Instant.parse("2026-12-01T10:00:00Z"));
    private final DemoGenerator generator = new DemoGenerator(parameters);

    @Test
    void everyCallOfAScriptBecomesOneEventOfItsCourseWithGaplessSequencesPerStream() {
        for (int patient = 0; patient < 200; patient++) {
            PatientScript script = generator.script(patient);
            List<List<EventEnvelope>> courses = ScriptEvents.of(script, parameters.now(), parameters.today(),
                    Instant.parse("2025-03-10T09:00:00Z"), new SplittableRandom(patient));

            assertThat(courses).hasSize(script.courses().size());
            long calls = script.calls().stream().filter(c -> c.kind() != ApiCall.Kind.REGISTER_PATIENT).count();
            assertThat(courses.stream().mapToLong(List::size).sum()).isEqualTo(calls);
            Map<String, Long> next = new HashMap<>();
            for (List<EventEnvelope> course : courses) {
                assertThat(course.get(0).event()).isInstanceOf(TreatmentCourseOpened.class);
                for (EventEnvelope e : course) {
                    ClinicEvent event = e.event();
                    assertThat(event).isNotInstanceOf(PatientEvent.class);
                    assertThat(e.aggregateSequence()).isEqualTo(next.getOrDefault(e.aggregateId(), 0L));
                    next.put(e.aggregateId(), e.aggregateSequence() + 1);
                }
            }
            long scheduled = courses.stream().flatMap(List::stream)
                    .filter(e -> e.event() instanceof SessionScheduled).count();
            assertThat(scheduled).isEqualTo(script.calls().stream()
                    .filter(c -> c.kind() == ApiCall.Kind.SCHEDULE_SESSION).count());
        }
    }

    @Test
    void chronicityFollowsTheOnsetDateAtOpeningAsDomainMdSays() {
        LocalDate opened = LocalDate.parse("2026-06-30");
        assertThat(ScriptEvents.chronicity(opened.minusDays(41), opened)).isEqualTo(Chronicity.ACUTE);
        assertThat(ScriptEvents.chronicity(opened.minusDays(42), opened)).isEqualTo(Chronicity.SUBACUTE);
        assertThat(ScriptEvents.chronicity(opened.minusDays(84), opened)).isEqualTo(Chronicity.SUBACUTE);
        assertThat(ScriptEvents.chronicity(opened.minusDays(85), opened)).isEqualTo(Chronicity.CHRONIC);
    }
}
