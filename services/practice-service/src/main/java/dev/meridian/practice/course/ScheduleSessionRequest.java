package dev.meridian.practice.course;

import dev.meridian.practice.infrastructure.PathIds;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Instant;

/** Body of {@code POST /api/courses/{courseId}/sessions}. */
public record ScheduleSessionRequest(
        @Schema(example = "2026-11-24T09:30:00Z") @NotNull Instant scheduledAt,
        @Schema(example = "pr-lee") @NotBlank @Pattern(regexp = PathIds.NETWORK_ID, message = PathIds.NETWORK_ID_RULE)
        String practitionerId) {

    ScheduleSession toCommand(String courseId, String sessionId) {
        return new ScheduleSession(courseId, sessionId, practitionerId, scheduledAt);
    }
}
