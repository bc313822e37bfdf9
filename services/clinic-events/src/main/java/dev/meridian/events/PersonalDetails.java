package dev.meridian.events;

import java.time.LocalDate;

/** Personal data of a patient. Never published, never logged; encrypted at rest. */
public record PersonalDetails(String givenName, String familyName, LocalDate birthDate, String email, String phone) {

    @Override
    public String toString() {
        return "PersonalDetails[redacted]";
    }
}
