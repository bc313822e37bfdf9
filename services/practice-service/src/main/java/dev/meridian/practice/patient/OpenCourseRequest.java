package dev.meridian.practice.patient;

import dev.meridian.events.OnsetTrigger;
import dev.meridian.events.PainLocation;
import dev.meridian.practice.infrastructure.PathIds;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.LocalDate;

/**
 * Body of {@code POST /api/patients/{patientId}/courses}: the baseline of a low back pain course. A future
 * {@code onsetDate} is refused by the patient aggregate (400 on that field), which owns the date rule.
 */
public record OpenCourseRequest(
        @Schema(example = "loc-north") @NotBlank @Pattern(regexp = PathIds.NETWORK_ID, message = PathIds.NETWORK_ID_RULE)
        String locationId,
        @Schema(example = "pr-lee") @NotBlank @Pattern(regexp = PathIds.NETWORK_ID, message = PathIds.NETWORK_ID_RULE)
        String practitionerId,
        @NotNull PainLocation painLocation,
        @Schema(description = "When the pain began; chronicity is computed from it", example = "2026-05-01")
        @NotNull LocalDate onsetDate,
        @NotNull OnsetTrigger trigger,
        @Schema(description = "Pain NRS 0-10", example = "7") @NotNull @Min(0) @Max(10) Integer baselinePain,
        @Schema(description = "Oswestry Disability Index 0-100, when taken", example = "38") @Min(0) @Max(100)
        Integer baselineOdi) {

    OpenTreatmentCourse toCommand(String patientId, String courseId) {
        return new OpenTreatmentCourse(patientId, courseId, locationId, practitionerId, painLocation, onsetDate,
                trigger, baselinePain, baselineOdi);
    }
}
