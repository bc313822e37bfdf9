package dev.meridian.practice.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

/** A plain HTTP client for the tests: real requests on the wire, raw bodies allowed, no Spring in between. */
final class Api {

    static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final String base;

    Api(int port) {
        this.base = "http://localhost:" + port;
    }

    record Response(int status, String contentType, String location, JsonNode json, String raw) {

        String text(String field) {
            return json.path(field).asText();
        }
    }

    Response get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    Response post(String path, Map<String, ?> body) {
        try {
            return postRaw(path, JSON.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    Response postRaw(String path, String body) {
        return send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private Response send(HttpRequest.Builder request) {
        try {
            // The network admin may do everything: these tests are about the API, not about who may call it.
            HttpResponse<String> response = http.send(request.header("Accept", "application/json, application/problem+json")
                            .header("Authorization", dev.meridian.practice.testing.TestTokens.adminHeader()).build(),
                    HttpResponse.BodyHandlers.ofString());
            String raw = response.body();
            String contentType = response.headers().firstValue("Content-Type").orElse("");
            JsonNode json = raw == null || raw.isBlank() || !contentType.contains("json")
                    ? MissingNode.getInstance() : JSON.readTree(raw);
            return new Response(response.statusCode(), contentType,
                    response.headers().firstValue("Location").orElse(null), json, raw);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
