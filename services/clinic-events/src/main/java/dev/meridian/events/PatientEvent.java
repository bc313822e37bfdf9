package dev.meridian.events;

public sealed interface PatientEvent extends ClinicEvent
        permits PatientRegistered, PatientContactUpdated, PatientTransferred, PatientErased {

    @Override
    default String aggregateId() {
        return patientId();
    }

    @Override
    default AggregateType aggregateType() {
        return AggregateType.PATIENT;
    }
}
