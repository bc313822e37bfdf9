package dev.meridian.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.events.ClinicEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A practice-service that ran without its publisher (or before there was one) holds events; once the publisher
 * first starts, they reach outcomes-service too, beside those recorded afterwards.
 */
class PublishedBeforeFirstStartTest {

    private static PipelineStack stack;

    @BeforeAll
    static void stack() {
        stack = new PipelineStack(PublishedBeforeFirstStartTest.class);
    }

    @AfterAll
    static void close() {
        stack.close();
    }

    @Test
    void eventsAppendedBeforeThePublisherFirstStartedArriveInTheOutcomes() {
        stack.startPractice(false);
        new ClinicDay(stack.staff(), 7).patients(4);
        stack.stopPractice();

        stack.startPractice(true);
        stack.startOutcomes();
        new ClinicDay(stack.staff(), 8).patients(2);

        java.util.List<ClinicEvent> events = stack.awaitOutcomesEqualRecountOfTheStore();
        assertThat(events).hasSizeGreaterThan(30);
        assertThat(stack.storedStreams()).hasSizeGreaterThan(12);
    }
}
