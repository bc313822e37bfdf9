package dev.meridian.events;

import java.time.Instant;

/** Right to erasure carried out: the patient's personal data is destroyed; clinical facts stay de-identified. */
public record PatientErased(String patientId, String locationId, Instant occurredAt) implements PatientEvent {
}
