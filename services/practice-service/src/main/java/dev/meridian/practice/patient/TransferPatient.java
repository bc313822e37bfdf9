package dev.meridian.practice.patient;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Moves the patient's home to another location. */
public record TransferPatient(@TargetAggregateIdentifier String patientId, String newHomeLocationId) {
}
