package dev.meridian.events;

import java.time.Instant;

/**
 * A patient joined the network at a home location.
 *
 * @param personal  names, birth date and contacts; {@code null} once personal data is removed
 * @param birthYear the birth year, the most of a birth date that may leave the service;
 *                  {@code null} when the patient was over 89 at registration (HIPAA Safe Harbor: 90+)
 * @param aged90OrOver whether the patient was 90 or older at registration
 */
public record PatientRegistered(String patientId, String locationId, PersonalDetails personal, Integer birthYear,
                                boolean aged90OrOver, Instant occurredAt) implements PatientEvent {

    @Override
    public PatientRegistered withoutPersonalData() {
        return new PatientRegistered(patientId, locationId, null, birthYear, aged90OrOver, occurredAt);
    }
}
