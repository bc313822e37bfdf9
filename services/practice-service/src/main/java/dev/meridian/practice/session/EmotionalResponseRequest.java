package dev.meridian.practice.session;

import dev.meridian.events.EmotionalPhase;
import dev.meridian.events.Intensity;
import dev.meridian.events.TraumaRelated;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** Body of {@code POST /api/sessions/{sessionId}/emotional-responses}. The note is private. */
public record EmotionalResponseRequest(
        @NotNull EmotionalPhase phase,
        @NotNull Intensity intensity,
        @NotNull TraumaRelated traumaRelated,
        @Schema(example = "Tearful as the left psoas released; settled within minutes") @Size(max = 2000)
        String note) {

    NoteEmotionalResponse toCommand(String sessionId) {
        return new NoteEmotionalResponse(sessionId, phase, intensity, traumaRelated, note);
    }
}
