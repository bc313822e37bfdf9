package dev.meridian.practice.session;

import dev.meridian.events.CancellationReason;
import jakarta.validation.constraints.NotNull;

/** Body of {@code POST /api/sessions/{sessionId}/cancel}. */
public record CancelSessionRequest(@NotNull CancellationReason reason) {

    CancelSession toCommand(String sessionId) {
        return new CancelSession(sessionId, reason);
    }
}
