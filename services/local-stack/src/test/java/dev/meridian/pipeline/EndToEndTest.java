package dev.meridian.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.meridian.events.ClinicEvent;
import dev.meridian.events.OutcomeMeasured;
import dev.meridian.events.envelope.EventEnvelope;
import dev.meridian.outcomes.projection.ProjectionMetrics;
import dev.meridian.outcomes.projection.ReadModelStore;
import dev.meridian.practice.publishing.PublicationFilter;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

/**
 * The whole pipeline in one JVM: staff commands over HTTP on practice-service, its publisher, the broker, and
 * outcomes-service's read models, compared with the independent recount of the events in the event store.
 */
class EndToEndTest {

    private static PipelineStack stack;

    @BeforeAll
    static void start() {
        stack = new PipelineStack(EndToEndTest.class);
        stack.startPractice(true, SkippingPublicationFilter.class);
        stack.startOutcomes();
    }

    @AfterAll
    static void close() {
        stack.close();
    }

    @Test
    void staffCommandsEndUpAsOutcomesEqualToTheIndependentRecount() {
        StaffApi staff = stack.staff();
        ClinicDay day = new ClinicDay(staff, 2026);
        day.patients(10);
        // One course whose figures are known by heart, so that the comparison cannot pass on empty data.
        String patient = staff.registerPatient("loc-north");
        String course = staff.openCourse(patient, "loc-north", "pr-lee", 30, 8, 40);
        String first = staff.scheduleSession(course, "pr-lee");
        staff.startSession(first, 8);
        staff.releasePsoas(first, "LEFT", true);
        staff.retainNeedles(first, 25);
        staff.noteEmotionalResponse(first, "DURING_RELEASE", "STRONG", "YES");
        staff.completeSession(first, 7);
        String second = staff.scheduleSession(course, "pr-lee");
        staff.startSession(second, 7);
        staff.completeSession(second, 4);
        staff.closeCourse(course, "IMPROVED", 4);

        List<ClinicEvent> events = stack.awaitOutcomesEqualRecountOfTheStore();

        assertThat(events).hasSizeGreaterThan(100);
        Document known = stack.outcomes(ReadModelStore.COURSE_OUTCOMES).stream()
                .filter(d -> d.getString("_id").equals(course)).findFirst().orElseThrow();
        assertThat(known.getString("chronicity")).isEqualTo("CHRONIC");
        assertThat(known.getInteger("painChange")).isEqualTo(4);
        assertThat(known.getBoolean("responder")).isTrue();
        assertThat(known.getBoolean("substantialRelief")).isTrue();
        assertThat(known.getInteger("sessionsToRelief")).isEqualTo(2);
        assertThat(known.getInteger("retentionMinutesTotal")).isEqualTo(25);
        assertThat(known.get("emotionalResponses", Document.class).getInteger("count")).isEqualTo(1);
        assertThat(known.toJson()).doesNotContain("Ada", "ada@example.org", "Example", "Tearful", "Twice a day");
        assertThat(stack.outcomes(ReadModelStore.PARKED_EVENTS)).isEmpty();
    }

    @Test
    void anEventThePublisherSkipsIsDetectedByOutcomesServiceAndHealedByRepublication() {
        StaffApi staff = stack.staff();
        String patient = staff.registerPatient("loc-south");
        String course = staff.openCourse(patient, "loc-south", "pr-silva", 8, 7, null);
        String session = staff.scheduleSession(course, "pr-silva");
        staff.startSession(session, 7);
        staff.completeSession(session, 5);
        double gapsBefore = PipelineStack.counter(stack.outcomes(), ProjectionMetrics.GAPS);
        SkippingPublicationFilter.skip(e -> e.event() instanceof OutcomeMeasured m && m.courseId().equals(course));

        staff.recordOutcomeMeasure(course, 3, null); // never published by the streaming publisher
        staff.closeCourse(course, "IMPROVED", 3);     // arrives after a gap in the course's stream

        await().atMost(PipelineStack.PATIENCE).until(() ->
                PipelineStack.counter(stack.outcomes(), ProjectionMetrics.GAPS) > gapsBefore);
        assertThat(PipelineStack.counter(stack.practice(), "meridian.publisher.events.skipped")).isEqualTo(1);
        stack.awaitOutcomesEqualRecountOfTheStore();
        Document healed = stack.outcomes(ReadModelStore.COURSE_OUTCOMES).stream()
                .filter(d -> d.getString("_id").equals(course)).findFirst().orElseThrow();
        assertThat(healed.getInteger("latestPain")).isEqualTo(3);
        assertThat(healed.getBoolean("closed")).isTrue();
        assertThat(stack.outcomes(ReadModelStore.PARKED_EVENTS)).isEmpty();
    }

    /** practice-service's publication filter, replaced: skips the one event a test names, once. */
    @Configuration(proxyBeanMethods = false)
    static class SkippingPublicationFilter {

        private static final AtomicReference<Predicate<EventEnvelope>> SKIP = new AtomicReference<>(e -> false);

        static void skip(Predicate<EventEnvelope> once) {
            SKIP.set(once);
        }

        @Bean
        @Primary
        PublicationFilter skipOnPurpose() {
            return envelope -> {
                Predicate<EventEnvelope> skip = SKIP.get();
                if (skip.test(envelope)) {
                    SKIP.set(e -> false);
                    return false;
                }
                return true;
            };
        }
    }
}
