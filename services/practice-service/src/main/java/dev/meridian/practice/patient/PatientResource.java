package dev.meridian.practice.patient;

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
@RequestMapping("/api/patients")
@Tag(name = "Patients")
public class PatientResource {

    public record NewPatient(String patientId) {
    }

    public record NewCourse(String courseId) {
    }

    private final CommandSender commands;
    private final PatientViews views;

    public PatientResource(CommandSender commands, PatientViews views) {
        this.commands = commands;
        this.views = views;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Register a patient at a home location", description = "201 with the new patient's id.")
    public ResponseEntity<NewPatient> register(@Valid @RequestBody RegisterPatientRequest request) {
        String patientId = PathIds.newId();
        commands.send(request.toCommand(patientId));
        return ResponseEntity.created(URI.create("/api/patients/" + patientId)).body(new NewPatient(patientId));
    }

    @GetMapping("/{patientId}")
    @Operation(summary = "The patient, with their courses",
            description = "After erasure: erased = true and no personal data.")
    public PatientView patient(@PathVariable String patientId) {
        String id = PathIds.known("Patient", patientId);
        return views.find(id).orElseThrow(() -> new NotFound("Patient", id));
    }

    @PostMapping("/{patientId}/courses")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Open a treatment course for low back pain",
            description = "Chronicity is computed from onsetDate. 409 when the patient was erased.")
    public ResponseEntity<NewCourse> openCourse(@PathVariable String patientId,
                                                @Valid @RequestBody OpenCourseRequest request) {
        String id = PathIds.known("Patient", patientId);
        String courseId = PathIds.newId();
        commands.send(request.toCommand(id, courseId));
        return ResponseEntity.created(URI.create("/api/courses/" + courseId)).body(new NewCourse(courseId));
    }
}
