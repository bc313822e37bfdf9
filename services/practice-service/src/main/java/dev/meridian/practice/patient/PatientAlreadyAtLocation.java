package dev.meridian.practice.patient;

import dev.meridian.practice.shared.CommandRefused;

/** A transfer to the location that already is the patient's home (HTTP 409). */
public class PatientAlreadyAtLocation extends CommandRefused {

    public PatientAlreadyAtLocation(String patientId, String locationId) {
        super("Patient " + patientId + " already has location " + locationId + " as home");
    }
}
