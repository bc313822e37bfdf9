package dev.meridian.practice.session;

import dev.meridian.events.Side;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/** Body of {@code POST /api/sessions/{sessionId}/psoas-release}: trigger-point dry needling, no retention. */
public record PsoasReleaseRequest(
        @NotNull Side side,
        @Schema(description = "Whether a local twitch response was seen", example = "true") @NotNull
        Boolean localTwitchResponse,
        @Schema(example = "4") @NotNull @Min(1) @Max(40) Integer needleCount) {

    ReleasePsoas toCommand(String sessionId) {
        return new ReleasePsoas(sessionId, side, localTwitchResponse, needleCount);
    }
}
