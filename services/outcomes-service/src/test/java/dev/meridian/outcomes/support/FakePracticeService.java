package dev.meridian.outcomes.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.meridian.events.AggregateType;
import dev.meridian.events.SessionEvent;
import dev.meridian.events.envelope.EventEnvelope;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * practice-service's internal API as outcomes-service sees it, over real HTTP: {@code GET /internal/streams} and
 * {@code GET /internal/streams/changes} from a test's event store, and {@code POST /internal/republish}, which puts every stored event of the named aggregates
 * on the topic again (same ids and sequences). Republication can be held back, to look at a gap before it heals.
 */
public final class FakePracticeService implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final TopicProducer producer;
    private final List<EventEnvelope> store = new CopyOnWriteArrayList<>();
    /** When each event came into the store (event id -> instant): what the changed-streams answer filters by. */
    private final Map<String, Instant> storedAt = new ConcurrentHashMap<>();
    private final List<Instant> changesAskedSince = new CopyOnWriteArrayList<>();
    private final List<List<String>> republishRequests = new CopyOnWriteArrayList<>();
    private final List<String> heldBack = new ArrayList<>();
    private boolean holding;

    public FakePracticeService(TopicProducer producer) {
        this.producer = producer;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/internal/streams", this::streams);
        server.createContext("/internal/streams/changes", this::changes);
        server.createContext("/internal/republish", this::republish);
        server.start();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** What the event store holds (everything ever appended, whether published or not). */
    public void store(List<EventEnvelope> envelopes) {
        Instant now = Instant.now();
        envelopes.forEach(e -> storedAt.putIfAbsent(e.eventId(), now));
        store.clear();
        store.addAll(envelopes);
    }

    /** The {@code since} of every {@code GET /internal/streams/changes} asked so far. */
    public List<Instant> changesAskedSince() {
        return List.copyOf(changesAskedSince);
    }

    public List<List<String>> republishRequests() {
        return List.copyOf(republishRequests);
    }

    public List<String> republishedAggregateIds() {
        return republishRequests.stream().flatMap(List::stream).distinct().toList();
    }

    /** Accept republish requests but put nothing on the topic until {@link #release()}. */
    public synchronized void hold() {
        holding = true;
    }

    public synchronized void release() {
        holding = false;
        List<String> ids = new ArrayList<>(heldBack);
        heldBack.clear();
        publish(ids);
    }

    private void streams(HttpExchange exchange) throws IOException {
        Map<String, EventEnvelope> last = new LinkedHashMap<>();
        store.forEach(e -> last.put(e.aggregateId(), e));
        List<Map<String, Object>> body = new ArrayList<>();
        last.values().forEach(e -> body.add(Map.of("aggregateType", e.aggregateType().axonName(),
                "aggregateId", e.aggregateId(), "lastSequence", e.aggregateSequence())));
        respond(exchange, 200, JSON.writeValueAsBytes(body));
    }

    /** The streams with events stored at or after {@code since}, in one page, each with its course. */
    private void changes(HttpExchange exchange) throws IOException {
        String query = exchange.getRequestURI().getQuery();
        Instant since = Instant.parse(URLDecoder.decode(query.replaceAll(".*since=([^&]*).*", "$1"),
                StandardCharsets.UTF_8));
        changesAskedSince.add(since);
        Map<String, EventEnvelope> last = new TreeMap<>();
        store.stream().filter(e -> !storedAt.get(e.eventId()).isBefore(since))
                .forEach(e -> last.merge(e.aggregateId(), e,
                        (a, b) -> b.aggregateSequence() > a.aggregateSequence() ? b : a));
        List<Map<String, Object>> streams = new ArrayList<>();
        last.values().forEach(e -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("aggregateType", e.aggregateType().axonName());
            entry.put("aggregateId", e.aggregateId());
            entry.put("lastSequence", e.aggregateSequence());
            if (e.event() instanceof SessionEvent session) {
                entry.put("courseId", session.courseId());
            } else if (e.aggregateType() == AggregateType.TREATMENT_COURSE) {
                entry.put("courseId", e.aggregateId());
            }
            streams.add(entry);
        });
        respond(exchange, 200, JSON.writeValueAsBytes(Map.of("streams", streams, "complete", true)));
    }

    private void republish(HttpExchange exchange) throws IOException {
        if (!"POST".equals(exchange.getRequestMethod())) {
            respond(exchange, 405, new byte[0]);
            return;
        }
        JsonNode request = JSON.readTree(exchange.getRequestBody());
        List<String> ids = new ArrayList<>();
        request.get("aggregateIds").forEach(id -> ids.add(id.asText()));
        republishRequests.add(List.copyOf(ids));
        synchronized (this) {
            if (holding) {
                heldBack.addAll(ids);
            } else {
                publish(ids);
            }
        }
        respond(exchange, 202, "{}".getBytes(StandardCharsets.UTF_8));
    }

    private void publish(List<String> ids) {
        List<EventEnvelope> events = store.stream().filter(e -> ids.contains(e.aggregateId())).toList();
        producer.sendAll(events);
    }

    private static void respond(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
