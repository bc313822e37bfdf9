package dev.meridian.practice.session;

import dev.meridian.events.Muscle;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * Body of {@code POST /api/sessions/{sessionId}/retained-needles}. {@code PSOAS} among the muscles is refused with
 * 400 by the session itself: the psoas is released, never retained.
 */
public record RetainedNeedlesRequest(
        @Schema(example = "[\"QUADRATUS_LUMBORUM\", \"ERECTOR_SPINAE\"]") @NotEmpty @Size(max = 7)
        List<@NotNull Muscle> muscles,
        @Schema(example = "8") @NotNull @Min(1) @Max(40) Integer needleCount,
        @Schema(example = "25") @NotNull @Min(1) @Max(60) Integer retentionMinutes) {

    RetainNeedles toCommand(String sessionId) {
        return new RetainNeedles(sessionId, List.copyOf(muscles), needleCount, retentionMinutes);
    }
}
