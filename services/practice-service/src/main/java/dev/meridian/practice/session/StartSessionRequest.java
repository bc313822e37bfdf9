package dev.meridian.practice.session;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/** Body of {@code POST /api/sessions/{sessionId}/start}. */
public record StartSessionRequest(
        @Schema(description = "Pain NRS 0-10 before treatment", example = "7") @NotNull @Min(0) @Max(10)
        Integer preTreatmentPain) {

    StartSession toCommand(String sessionId) {
        return new StartSession(sessionId, preTreatmentPain);
    }
}
