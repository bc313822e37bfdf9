package dev.meridian.outcomes.query;

import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** A query that does not parse: 400 problem details (RFC 9457) naming each field, also when CSV was asked for. */
@RestControllerAdvice(assignableTypes = AnalystController.class)
class AnalystQueryErrors {

    @ExceptionHandler(InvalidAnalystQuery.class)
    ResponseEntity<ProblemDetail> invalidQuery(InvalidAnalystQuery e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
        problem.setType(URI.create("https://meridian.dev/problems/invalid-analyst-query"));
        problem.setTitle("Invalid analyst query");
        problem.setProperty("errors", e.problems());
        // Set explicitly: the client may have asked for text/csv, and a problem is still JSON.
        return ResponseEntity.badRequest().contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }
}
