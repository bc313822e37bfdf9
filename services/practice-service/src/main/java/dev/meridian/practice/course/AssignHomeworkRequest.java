package dev.meridian.practice.course;

import dev.meridian.events.Exercise;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;

/** Body of {@code POST /api/courses/{courseId}/homework}. The note is private. */
public record AssignHomeworkRequest(
        @Schema(example = "[\"PSOAS_STRETCH\", \"CORE_STABILITY\"]") @NotEmpty @Size(max = 10)
        List<@NotNull Exercise> exercises,
        @Schema(example = "Twice a day, 30 seconds each side") @Size(max = 2000) String note) {

    AssignHomework toCommand(String courseId) {
        return new AssignHomework(courseId, List.copyOf(exercises), note);
    }
}
