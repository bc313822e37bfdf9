package dev.meridian.practice.publishing;

import dev.meridian.practice.publishing.ChangedStreams.StreamChanges;
import dev.meridian.practice.publishing.ClinicEventsSender.PublicationFailedException;
import dev.meridian.practice.publishing.EventStreams.StreamPosition;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Service-to-service endpoints for the outcomes-service: re-publication (gap healing), the last sequence of every
 * stream and of the streams changed since an instant (reconciliation, full and incremental). Not for clinic staff;
 * they are to be restricted to service accounts.
 */
@RestController
@RequestMapping("/internal")
@Tag(name = "internal", description = "Service-to-service: gap healing and reconciliation for the outcomes-service. "
        + "To be restricted to service accounts.")
public class InternalPublishingController {

    private static final Logger log = LoggerFactory.getLogger(InternalPublishingController.class);
    static final int MAX_AGGREGATES_PER_REQUEST = 1000;

    private final EventStreams eventStreams;
    private final ChangedStreams changedStreams;
    private final ObjectProvider<Republisher> republisher;

    public InternalPublishingController(EventStreams eventStreams, ChangedStreams changedStreams,
                                        ObjectProvider<Republisher> republisher) {
        this.eventStreams = eventStreams;
        this.changedStreams = changedStreams;
        this.republisher = republisher;
    }

    @PostMapping("/republish")
    @Operation(summary = "Send every stored event of the given aggregates to the topic again",
            description = "Events keep their ce_id and aggregate sequence numbers, so consumers that already applied "
                    + "them change nothing. Returns once Kafka acknowledged every record; consumers apply them "
                    + "afterwards, hence 202.")
    @ApiResponse(responseCode = "202", description = "Sent and acknowledged by Kafka")
    @ApiResponse(responseCode = "400", description = "No aggregate ids, blank ids, or more than 1000",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "503", description = "Kafka is unavailable or publication is disabled; try again",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    public ResponseEntity<RepublishResponse> republish(@Valid @RequestBody RepublishRequest request) {
        Republisher available = republisher.getIfAvailable();
        if (available == null) {
            throw new PublicationDisabledException();
        }
        List<String> aggregateIds = List.copyOf(new LinkedHashSet<>(request.aggregateIds()));
        int events = available.republish(aggregateIds);
        log.info("Re-published {} events of {} aggregates", events, aggregateIds.size());
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(new RepublishResponse(aggregateIds.size(), events));
    }

    @GetMapping("/streams")
    @Operation(summary = "The last sequence number of every aggregate's stream in the event store",
            description = "Ordered by aggregate id. Page with 'after' (the last id of the previous page) and 'limit'.")
    @ApiResponse(responseCode = "200", description = "One entry per aggregate")
    public List<StreamPosition> streams(
            @Parameter(description = "Only this aggregate type")
            @RequestParam(required = false) @Pattern(regexp = "Patient|TreatmentCourse|Session") String aggregateType,
            @Parameter(description = "Only aggregates whose id sorts after this one")
            @RequestParam(required = false) String after,
            @Parameter(description = "At most this many entries (default: all)")
            @RequestParam(required = false) @Min(1) @Max(100_000) Integer limit) {
        return eventStreams.lastSequences(aggregateType, after, limit);
    }

    @GetMapping("/streams/changes")
    @Operation(summary = "The streams that got events stored at or after an instant: their last sequence and course",
            description = "Reads the events whose event-store timestamp is at or after 'since', in the store's order "
                    + "(timestamp, then sequence), at most 'limit' of them, with an index range on the timestamp: "
                    + "the cost follows the events since 'since', not the size of the store. Timestamps have "
                    + "millisecond precision and are taken when the event is applied, by the clock of the node that "
                    + "handled the command: an event can be committed after events stamped later than it (a slow "
                    + "commit, clocks that differ between nodes), so overlap successive checks. When 'complete' is "
                    + "false, ask again with since=until; if more than 'limit' events share one millisecond, until "
                    + "equals since and only a larger limit gets past it.")
    @ApiResponse(responseCode = "200", description = "One entry per stream with at least one event read, ordered by "
            + "aggregate id")
    @ApiResponse(responseCode = "400", description = "'since' missing or not an instant, or 'limit' out of range",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    public StreamChanges streamChanges(
            @Parameter(description = "ISO-8601 instant with zone, fractional seconds allowed", required = true,
                    example = "2026-12-02T20:00:00Z")
            @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant since,
            @Parameter(description = "At most this many events are read (not streams)")
            @RequestParam(defaultValue = "" + ChangedStreams.MAX_EVENTS) @Min(1) @Max(ChangedStreams.MAX_EVENTS)
            int limit) {
        StreamChanges changes = changedStreams.since(since, limit);
        log.debug("Streams changed since {}: {} (complete: {}, until {})", since, changes.streams().size(),
                changes.complete(), changes.until());
        return changes;
    }

    @ExceptionHandler(PublicationFailedException.class)
    ResponseEntity<ProblemDetail> kafkaUnavailable(PublicationFailedException e) {
        log.warn("Re-publication failed: {}", e.getMessage());
        return unavailable("Kafka did not acknowledge the re-published events; try again.");
    }

    @ExceptionHandler(ClinicEventsTopic.TopicUnavailableException.class)
    ResponseEntity<ProblemDetail> topicUnavailable(ClinicEventsTopic.TopicUnavailableException e) {
        log.warn("Re-publication failed: {}", e.getMessage());
        return unavailable("The topic is not available; try again.");
    }

    @ExceptionHandler(PublicationDisabledException.class)
    ResponseEntity<ProblemDetail> disabled(PublicationDisabledException e) {
        return unavailable("Publication to Kafka is disabled on this node (meridian.publisher.enabled=false).");
    }

    private static ResponseEntity<ProblemDetail> unavailable(String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, detail);
        problem.setTitle("Publication unavailable");
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    public record RepublishRequest(
            @NotEmpty @Size(max = MAX_AGGREGATES_PER_REQUEST) List<@NotBlank String> aggregateIds) {
    }

    public record RepublishResponse(int aggregates, int events) {
    }

    static class PublicationDisabledException extends RuntimeException {
    }
}
