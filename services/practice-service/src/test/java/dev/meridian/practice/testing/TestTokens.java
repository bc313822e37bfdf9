package dev.meridian.practice.testing;

import dev.meridian.security.Role;
import dev.meridian.security.TokenIssuer;
import dev.meridian.security.testing.TestIssuer;
import java.time.Duration;
import java.util.List;

/**
 * The test issuer ({@link TestIssuer}, shared with outcomes-service's tests: one RSA key pair per test JVM, its JWK
 * set served over HTTP), and the service configured to trust it (by {@link TestIssuerEnvironmentPostProcessor}),
 * exactly as it trusts a real identity provider. Tests get tokens here; security is never switched off.
 */
public final class TestTokens {

    public static final String ISSUER = TestIssuer.ISSUER;
    private static final TokenIssuer TOKENS = TestIssuer.shared().tokens();

    private TestTokens() {
    }

    public static TokenIssuer issuer() {
        return TOKENS;
    }

    static String jwkSetUri() {
        return TestIssuer.shared().jwkSetUri();
    }

    public static String token(Role role, String... locations) {
        return TOKENS.issue("test-" + role.name().toLowerCase(), role, List.of(locations), Duration.ofMinutes(30));
    }

    public static String token(String subject, Role role, List<String> locations) {
        return TOKENS.issue(subject, role, locations, Duration.ofMinutes(30));
    }

    public static String networkAdmin() {
        return token(Role.NETWORK_ADMIN);
    }

    public static String practitioner(String... locations) {
        return token(Role.PRACTITIONER, locations);
    }

    public static String service() {
        return token(Role.SERVICE);
    }

    /** The Authorization header value for the network admin, who may do everything. */
    public static String adminHeader() {
        return "Bearer " + networkAdmin();
    }
}
