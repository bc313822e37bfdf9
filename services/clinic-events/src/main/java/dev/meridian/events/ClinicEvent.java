package dev.meridian.events;

import java.time.Instant;

/**
 * Every fact Meridian records. Each event names the patient and the location where it happened,
 * so that a consumer never needs a lookup to route (Kafka key) or to scope (authorization) it.
 */
public sealed interface ClinicEvent permits PatientEvent, CourseEvent, SessionEvent {

    String patientId();

    String locationId();

    Instant occurredAt();

    /** The id of the aggregate whose stream holds this event. */
    String aggregateId();

    AggregateType aggregateType();

    /**
     * The same fact with every personal field (names, birth date, contacts, free-text notes) removed:
     * the only form that may leave the practice-service, e.g. onto Kafka.
     */
    default ClinicEvent withoutPersonalData() {
        return this;
    }
}
