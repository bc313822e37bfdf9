package dev.meridian.practice.patient;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Replaces the patient's contact details. */
public record UpdatePatientContact(@TargetAggregateIdentifier String patientId, String email, String phone) {
}
