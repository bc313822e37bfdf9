package dev.meridian.events;

import java.time.Instant;
import java.util.List;

/** Exercises given to keep the patient pain-free. {@code note} is free text, treated as private. */
public record HomeworkAssigned(String courseId, String patientId, String locationId, List<Exercise> exercises,
                               String note, Instant occurredAt) implements CourseEvent {

    public HomeworkAssigned {
        exercises = List.copyOf(exercises);
    }

    @Override
    public HomeworkAssigned withoutPersonalData() {
        return new HomeworkAssigned(courseId, patientId, locationId, exercises, null, occurredAt);
    }

    @Override
    public String toString() {
        return "HomeworkAssigned[courseId=" + courseId + ", exercises=" + exercises + "]";
    }
}
