package dev.meridian.events;

/** The three aggregates whose streams make up {@code clinic.events}. */
public enum AggregateType {
    PATIENT("patient", "Patient"),
    TREATMENT_COURSE("course", "TreatmentCourse"),
    SESSION("session", "Session");

    private final String typePrefix;
    private final String axonName;

    AggregateType(String typePrefix, String axonName) {
        this.typePrefix = typePrefix;
        this.axonName = axonName;
    }

    /** The middle part of a CloudEvents type, e.g. {@code session} in {@code meridian.session.PsoasReleased.v1}. */
    public String typePrefix() {
        return typePrefix;
    }

    /** The aggregate's type name as stored by the event store (its simple class name). */
    public String axonName() {
        return axonName;
    }

    public static AggregateType ofAxonName(String name) {
        for (AggregateType t : values()) {
            if (t.axonName.equals(name)) {
                return t;
            }
        }
        throw new IllegalArgumentException("Unknown aggregate type " + name);
    }
}
