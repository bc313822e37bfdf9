package dev.meridian.practice.infrastructure;

/**
 * Where an event sits in the event store: the aggregate stream it belongs to and its sequence number there.
 *
 * @param aggregateType the aggregate's type as stored ({@code Patient}, {@code TreatmentCourse}, {@code Session})
 */
public record StreamPosition(String aggregateType, String aggregateId, long sequence) {
}
