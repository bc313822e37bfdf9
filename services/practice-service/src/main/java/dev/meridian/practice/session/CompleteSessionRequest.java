package dev.meridian.practice.session;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/** Body of {@code POST /api/sessions/{sessionId}/complete}. */
public record CompleteSessionRequest(
        @Schema(description = "Pain NRS 0-10 after treatment", example = "3") @NotNull @Min(0) @Max(10)
        Integer postTreatmentPain) {

    CompleteSession toCommand(String sessionId) {
        return new CompleteSession(sessionId, postTreatmentPain);
    }
}
