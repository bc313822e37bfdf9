package dev.meridian.events;

import java.time.Instant;

/** The patient's home location changed; {@code locationId} is the new home. */
public record PatientTransferred(String patientId, String locationId, String fromLocationId, Instant occurredAt)
        implements PatientEvent {
}
