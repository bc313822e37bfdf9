package dev.meridian.outcomes.practice;

import dev.meridian.events.AggregateType;

/**
 * One aggregate's stream in practice-service's event store: its last stored sequence.
 *
 * @param courseId the course whose read-model document holds the stream (sessions and courses), when known: the
 *                 changed-streams answer gives it, the full list does not; null for patients
 */
public record StreamPosition(AggregateType aggregateType, String aggregateId, long lastSequence, String courseId) {

    public StreamPosition(AggregateType aggregateType, String aggregateId, long lastSequence) {
        this(aggregateType, aggregateId, lastSequence, null);
    }
}
