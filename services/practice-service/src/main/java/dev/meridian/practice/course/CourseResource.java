package dev.meridian.practice.course;

import dev.meridian.practice.infrastructure.CommandSender;
import dev.meridian.practice.infrastructure.PathIds;
import dev.meridian.practice.shared.NotFound;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/courses")
@Tag(name = "Treatment courses")
public class CourseResource {

    public record NewSession(String sessionId) {
    }

    private final CommandSender commands;
    private final CourseViews views;

    public CourseResource(CommandSender commands, CourseViews views) {
        this.commands = commands;
        this.views = views;
    }

    @GetMapping("/{courseId}")
    @Operation(summary = "The course, with its chronicity, sessions, homework and outcome")
    public CourseView course(@PathVariable String courseId) {
        String id = PathIds.known("Course", courseId);
        return views.find(id).orElseThrow(() -> new NotFound("Course", id));
    }

    @PostMapping("/{courseId}/sessions")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Schedule a session", description = "201 with the new session's id; 409 when closed.")
    public ResponseEntity<NewSession> schedule(@PathVariable String courseId,
                                               @Valid @RequestBody ScheduleSessionRequest request) {
        String id = PathIds.known("Course", courseId);
        String sessionId = PathIds.newId();
        commands.send(request.toCommand(id, sessionId));
        return ResponseEntity.created(URI.create("/api/sessions/" + sessionId)).body(new NewSession(sessionId));
    }

    @PostMapping("/{courseId}/homework")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Assign homework", description = "204 when stored; 409 when the course is closed.")
    public void assignHomework(@PathVariable String courseId, @Valid @RequestBody AssignHomeworkRequest request) {
        commands.send(request.toCommand(PathIds.known("Course", courseId)));
    }

    @PostMapping("/{courseId}/outcome-measures")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Record a follow-up pain (and ODI) score taken outside a session")
    public void recordOutcomeMeasure(@PathVariable String courseId,
                                     @Valid @RequestBody OutcomeMeasureRequest request) {
        commands.send(request.toCommand(PathIds.known("Course", courseId)));
    }

    @PostMapping("/{courseId}/close")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Close the course with an outcome", description = "409 when already closed.")
    public void close(@PathVariable String courseId, @Valid @RequestBody CloseCourseRequest request) {
        commands.send(request.toCommand(PathIds.known("Course", courseId)));
    }
}
