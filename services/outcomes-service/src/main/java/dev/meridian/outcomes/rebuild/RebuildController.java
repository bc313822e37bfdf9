package dev.meridian.outcomes.rebuild;

import java.net.URI;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Starts a projection rebuild and reports its progress (docs/operations-outcomes.md). */
@RestController
@ConditionalOnProperty(name = "meridian.outcomes.consumer.enabled", havingValue = "true", matchIfMissing = true)
@RequestMapping("/api/projections/rebuild")
public class RebuildController {

    private final ProjectionRebuild rebuild;

    public RebuildController(ProjectionRebuild rebuild) {
        this.rebuild = rebuild;
    }

    @PostMapping
    public ResponseEntity<RebuildProgress> start() {
        return ResponseEntity.accepted().location(URI.create("/api/projections/rebuild")).body(rebuild.start());
    }

    @GetMapping
    public RebuildProgress progress() {
        return rebuild.progress();
    }

    @ExceptionHandler(RebuildAlreadyRunning.class)
    ProblemDetail alreadyRunning(RebuildAlreadyRunning e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
        problem.setType(URI.create("https://meridian.dev/problems/rebuild-already-running"));
        problem.setTitle("Rebuild already running");
        return problem;
    }
}
