package dev.meridian.events;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The published names of the events: CloudEvents {@code type} values such as
 * {@code meridian.session.PsoasReleased.v1}. A name is a contract: renaming a record must not rename its type.
 */
public final class EventTypes {

    /** Bumped, per event, only when a field changes meaning or is removed; added fields keep the version. */
    public static final int SCHEMA_VERSION = 1;

    private static final List<Class<? extends ClinicEvent>> ALL = List.of(
            PatientRegistered.class, PatientContactUpdated.class, PatientTransferred.class, PatientErased.class,
            TreatmentCourseOpened.class, HomeworkAssigned.class, OutcomeMeasured.class, TreatmentCourseClosed.class,
            SessionScheduled.class, SessionStarted.class, PsoasReleased.class, NeedlesRetained.class,
            EmotionalResponseNoted.class, SessionCompleted.class, SessionCancelled.class);

    private static final Map<Class<? extends ClinicEvent>, String> NAMES = new LinkedHashMap<>();
    private static final Map<String, Class<? extends ClinicEvent>> CLASSES = new LinkedHashMap<>();

    static {
        for (Class<? extends ClinicEvent> type : ALL) {
            String name = "meridian." + prefixOf(type) + "." + type.getSimpleName() + ".v" + SCHEMA_VERSION;
            NAMES.put(type, name);
            CLASSES.put(name, type);
        }
    }

    private EventTypes() {
    }

    public static List<Class<? extends ClinicEvent>> all() {
        return ALL;
    }

    public static String typeOf(Class<? extends ClinicEvent> eventClass) {
        String name = NAMES.get(eventClass);
        if (name == null) {
            throw new IllegalArgumentException("Not a published event: " + eventClass.getName());
        }
        return name;
    }

    public static Optional<Class<? extends ClinicEvent>> classOf(String type) {
        return Optional.ofNullable(CLASSES.get(type));
    }

    private static String prefixOf(Class<? extends ClinicEvent> type) {
        if (PatientEvent.class.isAssignableFrom(type)) {
            return AggregateType.PATIENT.typePrefix();
        }
        if (CourseEvent.class.isAssignableFrom(type)) {
            return AggregateType.TREATMENT_COURSE.typePrefix();
        }
        return AggregateType.SESSION.typePrefix();
    }
}
