package dev.meridian.practice.shared;

/**
 * Whether a patient exercised the right to erasure. The course and session aggregates ask it before every command
 * (their own streams do not carry {@code PatientErased}), so that nothing more is recorded for an erased patient.
 * Injected into aggregates as an Axon resource; implemented by the privacy module's key store, which marks the
 * erasure synchronously when the patient's key is destroyed.
 */
@FunctionalInterface
public interface ErasedPatients {

    /** For aggregate tests of rules that do not involve erasure. */
    ErasedPatients NONE = patientId -> false;

    boolean isErased(String patientId);
}
