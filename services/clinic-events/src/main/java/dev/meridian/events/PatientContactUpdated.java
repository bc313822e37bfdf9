package dev.meridian.events;

import java.time.Instant;

/** New contact details; {@code contact} is {@code null} once personal data is removed. */
public record PatientContactUpdated(String patientId, String locationId, ContactDetails contact, Instant occurredAt)
        implements PatientEvent {

    @Override
    public PatientContactUpdated withoutPersonalData() {
        return new PatientContactUpdated(patientId, locationId, null, occurredAt);
    }
}
