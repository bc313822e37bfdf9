package dev.meridian.practice.infrastructure;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.meridian.practice.shared.CommandRefused;
import dev.meridian.practice.shared.InvalidCommandValue;
import dev.meridian.practice.shared.NotFound;
import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.common.lock.LockAcquisitionFailedException;
import org.axonframework.eventsourcing.AggregateDeletedException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * The one place where failures become RFC 9457 problem details ({@code application/problem+json}):
 * <ul>
 *   <li>400 {@code invalid-request}: malformed JSON, a missing, out-of-range or unknown value, a future date, a
 *       domain rule on a value (e.g. retention in the psoas); {@code errors} lists {@code {field, message}} with
 *       the API's field names;</li>
 *   <li>404 {@code not-found}: an unknown patient, course or session;</li>
 *   <li>409 {@code command-refused}: the current state forbids the command;
 *       409 {@code concurrent-change}: another request changed the same record first (retry after reading it);</li>
 *   <li>503 {@code command-timeout}: no outcome within the command timeout.</li>
 * </ul>
 * Bodies never carry stack traces, class names or personal data; unexpected failures are logged here and
 * answered with a bare 500.
 */
@RestControllerAdvice
public class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

    /** Problem types are named URIs; they identify the kind of problem, they need not resolve. */
    public static final String TYPE_BASE = "https://meridian.dev/problems/";
    static final String BODY = "body";

    private static final Logger log = LoggerFactory.getLogger(ProblemDetailsAdvice.class);

    /** One entry of the {@code errors} list of a 400. */
    public record FieldProblem(String field, String message) {
    }

    // ---- 400 -------------------------------------------------------------------------------------------------

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldProblem> errors = new ArrayList<>();
        for (FieldError error : ex.getBindingResult().getFieldErrors()) {
            errors.add(new FieldProblem(error.getField(), error.getDefaultMessage()));
        }
        ex.getBindingResult().getGlobalErrors()
                .forEach(error -> errors.add(new FieldProblem(BODY, error.getDefaultMessage())));
        return asObject(invalid(errors));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return asObject(invalid(List.of(unreadable(ex.getCause()))));
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldProblem> errors = new ArrayList<>();
        ex.getParameterValidationResults().forEach(result -> result.getResolvableErrors().forEach(error ->
                errors.add(new FieldProblem(result.getMethodParameter().getParameterName(),
                        error.getDefaultMessage()))));
        return asObject(invalid(errors));
    }

    /** A required query parameter left out (e.g. {@code since} of {@code GET /internal/streams/changes}). */
    @Override
    protected ResponseEntity<Object> handleMissingServletRequestParameter(MissingServletRequestParameterException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return asObject(invalid(List.of(new FieldProblem(ex.getParameterName(), "is required"))));
    }

    @Override
    protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException ex, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        String field = ex.getPropertyName() == null ? "parameter" : ex.getPropertyName();
        return asObject(invalid(List.of(new FieldProblem(field, messageFor(ex.getRequiredType())))));
    }

    @ExceptionHandler(InvalidCommandValue.class)
    ResponseEntity<ProblemDetail> invalidValue(InvalidCommandValue ex) {
        return invalid(List.of(new FieldProblem(ex.field(), ex.rule())));
    }

    // ---- 404 / 409 / 503 -------------------------------------------------------------------------------------

    @ExceptionHandler(NotFound.class)
    ResponseEntity<ProblemDetail> notFound(NotFound ex) {
        return problem(HttpStatus.NOT_FOUND, "not-found", "Not found", ex.getMessage());
    }

    @ExceptionHandler(AggregateNotFoundException.class)
    ResponseEntity<ProblemDetail> aggregateNotFound(AggregateNotFoundException ex) {
        if (ex instanceof AggregateDeletedException) {
            // Only an erased patient is deleted; API.md answers commands to them with 409.
            return problem(HttpStatus.CONFLICT, "command-refused", "Command refused",
                    "The record was erased and accepts no more changes");
        }
        return problem(HttpStatus.NOT_FOUND, "not-found", "Not found",
                "No patient, course or session with id " + ex.getAggregateIdentifier());
    }

    @ExceptionHandler(CommandRefused.class)
    ResponseEntity<ProblemDetail> refused(CommandRefused ex) {
        return problem(HttpStatus.CONFLICT, "command-refused", "Command refused", ex.getMessage());
    }

    /**
     * A lost optimistic race: the unique (aggregate, sequence) index of the event store refused our append because
     * another node appended the same sequence first (or created the same stream). Nothing of ours was written.
     */
    @ExceptionHandler({ConcurrencyException.class, AggregateStreamCreationException.class,
            LockAcquisitionFailedException.class})
    ResponseEntity<ProblemDetail> concurrentChange(Exception ex) {
        log.info("Command lost a concurrent race: {}", ex.getClass().getSimpleName());
        return problem(HttpStatus.CONFLICT, "concurrent-change", "Concurrent change",
                "Another request changed this record at the same time; read it again and retry");
    }

    @ExceptionHandler(CommandSender.CommandTimedOut.class)
    ResponseEntity<ProblemDetail> timedOut(CommandSender.CommandTimedOut ex) {
        return problem(HttpStatus.SERVICE_UNAVAILABLE, "command-timeout", "Command timed out", ex.getMessage());
    }

    /** Wrappers from futures or a distributed command bus: answer for what they carry. */
    @ExceptionHandler({CommandExecutionException.class, CompletionException.class, ExecutionException.class})
    ResponseEntity<ProblemDetail> wrapped(Exception ex) {
        Throwable cause = CommandSender.unwrap(ex);
        if (cause instanceof InvalidCommandValue invalid) {
            return invalidValue(invalid);
        }
        if (cause instanceof NotFound notFound) {
            return notFound(notFound);
        }
        if (cause instanceof AggregateNotFoundException missing) {
            return aggregateNotFound(missing);
        }
        if (cause instanceof CommandRefused refused) {
            return refused(refused);
        }
        if (cause instanceof ConcurrencyException || cause instanceof AggregateStreamCreationException
                || cause instanceof LockAcquisitionFailedException) {
            return concurrentChange((Exception) cause);
        }
        return unexpected(cause);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Throwable ex) {
        log.error("Unexpected failure while handling a request", ex);
        return problem(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error", "Internal error",
                "The request could not be completed; it has been logged");
    }

    // ---- building blocks -------------------------------------------------------------------------------------

    static ResponseEntity<ProblemDetail> invalid(List<FieldProblem> errors) {
        ResponseEntity<ProblemDetail> response = problem(HttpStatus.BAD_REQUEST, "invalid-request",
                "Invalid request", errors.size() == 1
                        ? "One field is invalid: " + errors.get(0).field()
                        : errors.size() + " fields are invalid");
        response.getBody().setProperty("errors", errors);
        return response;
    }

    static ResponseEntity<ProblemDetail> problem(HttpStatus status, String type, String title, String detail) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(status, detail);
        body.setType(URI.create(TYPE_BASE + type));
        body.setTitle(title);
        return ResponseEntity.status(status).body(body);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static ResponseEntity<Object> asObject(ResponseEntity<ProblemDetail> response) {
        return (ResponseEntity) response;
    }

    /** Names the field Jackson could not read, in API terms ({@code muscles[1]}), without Java type names. */
    static FieldProblem unreadable(Throwable cause) {
        if (cause == null) {
            return new FieldProblem(BODY, "is required: send a JSON object");
        }
        if (cause instanceof JsonParseException parse) {
            return new FieldProblem(BODY, "is not well-formed JSON (line " + parse.getLocation().getLineNr()
                    + ", column " + parse.getLocation().getColumnNr() + ")");
        }
        if (cause instanceof JsonMappingException mapping) {
            String field = pathOf(mapping);
            if (field.isEmpty()) {
                return new FieldProblem(BODY, "must be a JSON object");
            }
            Class<?> target = mapping instanceof MismatchedInputException mismatch ? mismatch.getTargetType() : null;
            return new FieldProblem(field, messageFor(target));
        }
        if (cause instanceof JsonProcessingException) {
            return new FieldProblem(BODY, "is not well-formed JSON");
        }
        return new FieldProblem(BODY, "could not be read");
    }

    private static String pathOf(JsonMappingException mapping) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : mapping.getPath()) {
            if (ref.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    static String messageFor(Class<?> target) {
        if (target == null) {
            return "has the wrong type";
        }
        if (target.isEnum()) {
            return "must be one of " + Arrays.toString(target.getEnumConstants());
        }
        if (target == Integer.class || target == int.class || target == Long.class || target == long.class) {
            return "must be a whole number";
        }
        if (target == Boolean.class || target == boolean.class) {
            return "must be true or false";
        }
        if (target == LocalDate.class) {
            return "must be a date like 2026-11-23";
        }
        if (target == Instant.class) {
            return "must be an instant with zone, like 2026-11-23T14:05:00Z";
        }
        if (Collection.class.isAssignableFrom(target) || target.isArray()) {
            return "must be a list";
        }
        if (target == String.class) {
            return "must be a string";
        }
        return "has the wrong type";
    }
}
