package dev.meridian.events;

public sealed interface CourseEvent extends ClinicEvent
        permits TreatmentCourseOpened, HomeworkAssigned, OutcomeMeasured, TreatmentCourseClosed {

    String courseId();

    @Override
    default String aggregateId() {
        return courseId();
    }

    @Override
    default AggregateType aggregateType() {
        return AggregateType.TREATMENT_COURSE;
    }
}
