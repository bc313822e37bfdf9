package dev.meridian.outcomes.practice;

import dev.meridian.events.AggregateType;
import java.net.http.HttpClient;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

/**
 * practice-service's internal API, the only way this service talks to it (no shared code): the event store's
 * stream positions, for reconciliation, and republication of whole aggregates, to heal gaps.
 */
@Component
public class PracticeServiceClient {

    /** Ids per republish request (practice-service takes up to 1000), so one request stays small. */
    static final int REPUBLISH_BATCH = 500;
    /** Streams per page of {@code GET /internal/streams}. */
    static final int STREAMS_PAGE = 10_000;
    /**
     * Events read per page of {@code GET /internal/streams/changes}: the embedded server holds a page's events whole
     * until practice-service has read them, and pages of 100,000 were most of the local stack's heap under load
     * (decision 0022).
     */
    static final int CHANGES_PAGE = 10_000;

    private final RestClient http;

    public PracticeServiceClient(RestClient.Builder builder,
                                 @Value("${meridian.practice.base-url}") String baseUrl,
                                 @Value("${meridian.practice.timeout:PT30S}") Duration timeout,
                                 @Value("${meridian.practice.service-token:}") String serviceToken) {
        JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build());
        requests.setReadTimeout(timeout);
        if (!serviceToken.isBlank()) {
            // practice-service's /internal/** takes only tokens with role SERVICE (docs/security.md).
            builder = builder.defaultHeader("Authorization", "Bearer " + serviceToken.trim());
        }
        this.http = builder.baseUrl(baseUrl).requestFactory(requests).build();
    }

    /** Asks practice-service to send every stored event of these aggregates again (same ids and sequences). */
    public void republish(Collection<String> aggregateIds) {
        List<String> ids = new ArrayList<>(aggregateIds);
        for (int from = 0; from < ids.size(); from += REPUBLISH_BATCH) {
            List<String> batch = ids.subList(from, Math.min(ids.size(), from + REPUBLISH_BATCH));
            http.post().uri("/internal/republish")
                    .contentType(MediaType.APPLICATION_JSON)
                    .body(Map.of("aggregateIds", batch))
                    .retrieve()
                    .toBodilessEntity();
        }
    }

    /** Every stream in the event store with its last sequence, read page by page (ordered by aggregate id). */
    public List<StreamPosition> streams() {
        List<StreamPosition> positions = new ArrayList<>();
        String after = null;
        while (true) {
            String from = after;
            List<Map<String, Object>> page = http.get()
                    .uri(uri -> {
                        uri.path("/internal/streams").queryParam("limit", STREAMS_PAGE);
                        if (from != null) {
                            uri.queryParam("after", from);
                        }
                        return uri.build();
                    })
                    .accept(MediaType.APPLICATION_JSON)
                    .retrieve()
                    .body(new ParameterizedTypeReference<>() {
                    });
            if (page == null || page.isEmpty()) {
                return positions;
            }
            for (Map<String, Object> entry : page) {
                positions.add(new StreamPosition(aggregateType(String.valueOf(entry.get("aggregateType"))),
                        String.valueOf(entry.get("aggregateId")),
                        ((Number) entry.get("lastSequence")).longValue()));
            }
            if (page.size() < STREAMS_PAGE) {
                return positions;
            }
            after = positions.get(positions.size() - 1).aggregateId();
        }
    }

    /**
     * The streams that got events stored at or after {@code since}, each with its last sequence among them and its
     * course, read page by page: what an incremental reconciliation compares. One index range on the event store
     * (its {@code timestamp}), not a pass over every stream.
     */
    public List<StreamPosition> changedStreams(Instant since) {
        Map<String, StreamPosition> streams = new HashMap<>();
        Instant from = since;
        while (true) {
            Instant pageFrom = from;
            JsonNode page = http.get()
                    .uri(uri -> uri.path("/internal/streams/changes").queryParam("since", pageFrom.toString())
                            .queryParam("limit", CHANGES_PAGE).build())
                    .accept(MediaType.APPLICATION_JSON)
                    .retrieve()
                    .body(JsonNode.class);
            if (page == null) {
                throw new IllegalStateException("practice-service answered GET /internal/streams/changes without a body");
            }
            for (JsonNode entry : page.path("streams")) {
                JsonNode courseId = entry.get("courseId");
                StreamPosition stream = new StreamPosition(aggregateType(entry.path("aggregateType").asText()),
                        entry.path("aggregateId").asText(), entry.path("lastSequence").asLong(),
                        courseId == null || courseId.isNull() ? null : courseId.asText());
                // Pages overlap at their boundary instant: the higher sequence wins.
                streams.merge(stream.aggregateId(), stream,
                        (before, now) -> now.lastSequence() >= before.lastSequence() ? now : before);
            }
            JsonNode until = page.get("until");
            if (page.path("complete").asBoolean(true) || until == null || until.isNull()) {
                return new ArrayList<>(streams.values());
            }
            Instant next = Instant.parse(until.asText());
            if (!next.isAfter(from)) {
                // A page of events all stored in one instant: nothing later can be asked for without a cursor.
                throw new IllegalStateException("more than " + CHANGES_PAGE + " events stored at " + next);
            }
            from = next;
        }
    }

    /** Accepts the enum name ({@code TREATMENT_COURSE}), the event store's name ({@code TreatmentCourse}) or the prefix. */
    static AggregateType aggregateType(String name) {
        for (AggregateType type : AggregateType.values()) {
            if (type.name().equalsIgnoreCase(name) || type.axonName().equalsIgnoreCase(name)
                    || type.typePrefix().equalsIgnoreCase(name)) {
                return type;
            }
        }
        throw new IllegalArgumentException("Unknown aggregate type from practice-service: "
                + name.toLowerCase(Locale.ROOT));
    }
}
