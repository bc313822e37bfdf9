package dev.meridian.practice.patient;

import dev.meridian.practice.shared.CommandRefused;

/** The patient exercised the right to erasure: nothing more is recorded for them (HTTP 409). */
public class PatientIsErased extends CommandRefused {

    public PatientIsErased(String patientId) {
        super("Patient " + patientId + " is erased");
    }
}
