package dev.meridian.practice.course;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.LocalDate;

/**
 * Body of {@code POST /api/courses/{courseId}/outcome-measures}: a follow-up outside a session. A future
 * {@code measuredOn} is refused by the course aggregate (400 on that field).
 */
public record OutcomeMeasureRequest(
        @Schema(example = "2026-11-20") @NotNull LocalDate measuredOn,
        @Schema(description = "Pain NRS 0-10", example = "2") @NotNull @Min(0) @Max(10) Integer pain,
        @Schema(description = "ODI 0-100", example = "12") @Min(0) @Max(100) Integer odi) {

    RecordOutcomeMeasure toCommand(String courseId) {
        return new RecordOutcomeMeasure(courseId, measuredOn, pain, odi);
    }
}
