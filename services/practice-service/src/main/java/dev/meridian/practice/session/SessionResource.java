package dev.meridian.practice.session;

import dev.meridian.practice.infrastructure.CommandSender;
import dev.meridian.practice.infrastructure.PathIds;
import dev.meridian.practice.shared.NotFound;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** A session's steps. Each answers 204 once stored; 409 when the session is not started, completed or cancelled. */
@RestController
@RequestMapping("/api/sessions")
@Tag(name = "Sessions")
public class SessionResource {

    private final CommandSender commands;
    private final SessionViews views;

    public SessionResource(CommandSender commands, SessionViews views) {
        this.commands = commands;
        this.views = views;
    }

    @GetMapping("/{sessionId}")
    @Operation(summary = "The session and what was done in it",
            description = "Pain before and after, psoas releases, retained needles, emotional responses with notes.")
    public SessionView session(@PathVariable String sessionId) {
        String id = PathIds.known("Session", sessionId);
        return views.find(id).orElseThrow(() -> new NotFound("Session", id));
    }

    @PostMapping("/{sessionId}/start")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Start the session with the pre-treatment pain score")
    public void start(@PathVariable String sessionId, @Valid @RequestBody StartSessionRequest request) {
        commands.send(request.toCommand(PathIds.known("Session", sessionId)));
    }

    @PostMapping("/{sessionId}/psoas-release")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Record a psoas release (dry needling, without retention)")
    public void releasePsoas(@PathVariable String sessionId, @Valid @RequestBody PsoasReleaseRequest request) {
        commands.send(request.toCommand(PathIds.known("Session", sessionId)));
    }

    @PostMapping("/{sessionId}/retained-needles")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Record needles retained in other low-back muscles",
            description = "1-60 minutes; 400 when the psoas is among the muscles.")
    public void retainNeedles(@PathVariable String sessionId, @Valid @RequestBody RetainedNeedlesRequest request) {
        commands.send(request.toCommand(PathIds.known("Session", sessionId)));
    }

    @PostMapping("/{sessionId}/emotional-responses")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Note an emotional response (phase, intensity, trauma-related, private note)")
    public void noteEmotionalResponse(@PathVariable String sessionId,
                                      @Valid @RequestBody EmotionalResponseRequest request) {
        commands.send(request.toCommand(PathIds.known("Session", sessionId)));
    }

    @PostMapping("/{sessionId}/complete")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Complete the session with the post-treatment pain score")
    public void complete(@PathVariable String sessionId, @Valid @RequestBody CompleteSessionRequest request) {
        commands.send(request.toCommand(PathIds.known("Session", sessionId)));
    }

    @PostMapping("/{sessionId}/cancel")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Cancel the session (cancelled or no-show)")
    public void cancel(@PathVariable String sessionId, @Valid @RequestBody CancelSessionRequest request) {
        commands.send(request.toCommand(PathIds.known("Session", sessionId)));
    }
}
