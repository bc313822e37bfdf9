package dev.meridian.practice.patient;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Right to erasure: the patient's personal data is destroyed; de-identified clinical facts stay. */
public record ErasePatient(@TargetAggregateIdentifier String patientId) {
}
