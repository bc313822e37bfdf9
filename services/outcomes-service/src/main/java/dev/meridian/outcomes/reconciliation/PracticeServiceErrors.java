package dev.meridian.outcomes.reconciliation;

import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.client.RestClientException;

/** practice-service unreachable or refusing: a 502 problem, since the fault is upstream. */
@RestControllerAdvice(assignableTypes = ReconciliationController.class)
class PracticeServiceErrors {

    @ExceptionHandler(RestClientException.class)
    ProblemDetail practiceServiceUnavailable(RestClientException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_GATEWAY,
                "practice-service did not answer the reconciliation: " + e.getMessage());
        problem.setType(URI.create("https://meridian.dev/problems/practice-service-unavailable"));
        problem.setTitle("practice-service unavailable");
        return problem;
    }
}
