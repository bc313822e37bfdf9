package dev.meridian.practice.course;

import dev.meridian.events.CourseOutcome;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/** Body of {@code POST /api/courses/{courseId}/close}. */
public record CloseCourseRequest(
        @NotNull CourseOutcome outcome,
        @Schema(description = "Pain NRS 0-10", example = "1") @NotNull @Min(0) @Max(10) Integer closingPain) {

    CloseTreatmentCourse toCommand(String courseId) {
        return new CloseTreatmentCourse(courseId, outcome, closingPain);
    }
}
