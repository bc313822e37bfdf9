package dev.meridian.security;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * Publishes a {@link TokenIssuer}'s JWK set over HTTP on a free local port ({@code GET /jwks.json}), the way an
 * identity provider does: for the integration tests, whose services then fetch and cache it like in production.
 */
public final class JwkSetServer implements AutoCloseable {

    private final HttpServer server;

    private JwkSetServer(HttpServer server) {
        this.server = server;
    }

    public static JwkSetServer start(TokenIssuer issuer) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/jwks.json", exchange -> {
                byte[] body = issuer.jwkSetJson().getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            });
            server.start();
            return new JwkSetServer(server);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public URI jwkSetUri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/jwks.json");
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
