package dev.meridian.practice.patient;

import java.time.LocalDate;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Registers a new patient at a home location. Names, birth date and contacts are personal data. */
public record RegisterPatient(@TargetAggregateIdentifier String patientId, String homeLocationId, String givenName, String familyName,
                              LocalDate birthDate, String email, String phone) {
}
