package dev.meridian.practice.infrastructure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.practice.shared.CommandRefused;
import dev.meridian.practice.shared.InvalidCommandValue;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.common.lock.LockAcquisitionFailedException;
import org.axonframework.eventsourcing.AggregateDeletedException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.junit.jupiter.api.Test;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

/**
 * The mapping of failures the HTTP tests cannot provoke on demand (a stream created twice, a lock not acquired,
 * Axon's wrappers of a distributed command bus), and the promise that no body names a Java class.
 */
class ProblemDetailsAdviceTest {

    private final ProblemDetailsAdvice advice = new ProblemDetailsAdvice();

    static class SessionNotStartedYet extends CommandRefused {
        SessionNotStartedYet() {
            super("Session s-1 is not started");
        }
    }

    private static void assertProblem(ResponseEntity<ProblemDetail> response, int status, String type) {
        assertThat(response.getStatusCode().value()).isEqualTo(status);
        ProblemDetail body = response.getBody();
        assertThat(body.getStatus()).isEqualTo(status);
        assertThat(body.getType()).hasToString(ProblemDetailsAdvice.TYPE_BASE + type);
        assertThat(body.getTitle()).isNotBlank();
        assertThat(body.getDetail()).isNotBlank().doesNotContain("Exception", "org.", "dev.meridian");
    }

    @Test
    void a_lost_race_or_a_stream_created_twice_or_a_busy_lock_is_a_409_concurrent_change() {
        assertProblem(advice.concurrentChange(new ConcurrencyException("seq 4 taken")), 409, "concurrent-change");
        assertProblem(advice.concurrentChange(new AggregateStreamCreationException("exists")), 409,
                "concurrent-change");
        assertProblem(advice.concurrentChange(new LockAcquisitionFailedException("busy")), 409, "concurrent-change");
    }

    @Test
    void unknown_records_are_404_and_an_erased_one_is_409() {
        assertProblem(advice.aggregateNotFound(new AggregateNotFoundException("x-1", "not found")), 404,
                "not-found");
        assertProblem(advice.aggregateNotFound(new AggregateDeletedException("p-1")), 409, "command-refused");
    }

    @Test
    void axons_wrappers_are_answered_for_what_they_carry() {
        assertProblem(advice.wrapped(new CommandExecutionException("failed", new SessionNotStartedYet())), 409,
                "command-refused");
        ResponseEntity<ProblemDetail> invalid = advice.wrapped(new CompletionException(
                new ExecutionException(new InvalidCommandValue("retentionMinutes", "must be at most 60"))));
        assertProblem(invalid, 400, "invalid-request");
        assertThat(invalid.getBody().getProperties()).containsEntry("errors",
                List.of(new ProblemDetailsAdvice.FieldProblem("retentionMinutes", "must be at most 60")));
        assertProblem(advice.wrapped(new CommandExecutionException("failed",
                new ConcurrencyException("seq 4 taken"))), 409, "concurrent-change");
    }

    @Test
    void a_timeout_is_503_and_anything_unexpected_a_bare_500() {
        assertProblem(advice.timedOut(new CommandSender.CommandTimedOut(Duration.ofSeconds(10))), 503,
                "command-timeout");
        assertProblem(advice.unexpected(new IllegalStateException("dev.meridian.Secret failed for Ada")), 500,
                "internal-error");
    }
}
