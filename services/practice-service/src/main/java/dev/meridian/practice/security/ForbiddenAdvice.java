package dev.meridian.practice.security;

import dev.meridian.practice.infrastructure.ProblemDetailsAdvice;
import java.net.URI;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** {@link OperationForbidden} as a 403 problem, beside the service's other problem details. */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
public class ForbiddenAdvice {

    @ExceptionHandler(OperationForbidden.class)
    ResponseEntity<ProblemDetail> forbidden(OperationForbidden ex) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN, ex.getMessage());
        problem.setType(URI.create(ProblemDetailsAdvice.TYPE_BASE + "forbidden"));
        problem.setTitle("Forbidden");
        return ResponseEntity.status(HttpStatus.FORBIDDEN).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }
}
