package dev.meridian.security.testing;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.meridian.security.JwkSetServer;
import dev.meridian.security.Role;
import dev.meridian.security.TokenIssuer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;

/**
 * The integration tests' identity provider: one RSA key pair per test JVM, its JWK set served over HTTP by a
 * {@link JwkSetServer}, so a service under test fetches and caches keys exactly as it does from a real identity
 * provider. Security is never switched off in tests; they get tokens here, good ones and the kinds that must be
 * refused.
 */
public final class TestIssuer {

    public static final String ISSUER = "https://test-issuer.meridian.local";
    static final Duration TTL = Duration.ofMinutes(30);

    private static final TestIssuer SHARED = new TestIssuer(new TokenIssuer(ISSUER));

    private final TokenIssuer tokens;
    private JwkSetServer server;

    private TestIssuer(TokenIssuer tokens) {
        this.tokens = tokens;
    }

    /** The one test issuer of this JVM. */
    public static TestIssuer shared() {
        return SHARED;
    }

    public TokenIssuer tokens() {
        return tokens;
    }

    /** Where the JWK set is served; the server starts on first use and lives as long as the test JVM. */
    public synchronized String jwkSetUri() {
        if (server == null) {
            server = JwkSetServer.start(tokens);
        }
        return server.jwkSetUri().toString();
    }

    /** The Spring properties that make a service trust this issuer, as an operator configures a real one. */
    public Map<String, String> properties() {
        return Map.of("meridian.security.issuer-uri", ISSUER, "meridian.security.jwk-set-uri", jwkSetUri());
    }

    /** The same, as command-line arguments. */
    public List<String> arguments() {
        return properties().entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toList();
    }

    public String token(Role role, String... locations) {
        return token("test-" + role.name().toLowerCase(), role, List.of(locations));
    }

    public String token(String subject, Role role, List<String> locations) {
        return tokens.issue(subject, role, locations, TTL);
    }

    /** A token whose claims were edited after signing ({@code from}'s token claiming {@code to}): bad signature. */
    public String tampered(Role from, Role to) {
        String[] parts = token(from).split("\\.");
        String claims = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("\"" + from.name() + "\"", "\"" + to.name() + "\"");
        return parts[0] + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
    }

    /** Signed by this issuer, but expired five minutes ago (well beyond the clock skew allowed). */
    public String expired(Role role) {
        Instant now = Instant.now();
        JWTClaimsSet claims = tokens.claims("test-expired", role, List.of(), TTL)
                .issueTime(Date.from(now.minus(Duration.ofHours(2))))
                .notBeforeTime(Date.from(now.minus(Duration.ofHours(2))))
                .expirationTime(Date.from(now.minus(Duration.ofMinutes(5)))).build();
        return tokens.sign(claims);
    }

    /** Signed by another issuer's key, in that issuer's name. */
    public static String ofAnotherIssuer(Role role) {
        return Strangers.OTHER_ISSUER.issue("test-stranger", role, List.of(), TTL);
    }

    /** Signed by another key that claims this issuer's name. */
    public static String ofAnotherKeyInOurName(Role role) {
        return Strangers.IMPOSTOR.issue("test-impostor", role, List.of(), TTL);
    }

    /** Made on first use only (an RSA key pair takes a while). */
    private static final class Strangers {
        static final TokenIssuer OTHER_ISSUER = new TokenIssuer("https://evil.example");
        static final TokenIssuer IMPOSTOR = new TokenIssuer(ISSUER);
    }

    /** Signed by this issuer's key, but naming another issuer. */
    public String naming(String otherIssuer, Role role) {
        return tokens.sign(tokens.claims("test-renamed", role, List.of(), TTL).issuer(otherIssuer).build());
    }
}
