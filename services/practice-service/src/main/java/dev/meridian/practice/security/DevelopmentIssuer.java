package dev.meridian.practice.security;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.meridian.security.Role;
import dev.meridian.security.TokenIssuer;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.context.event.EventListener;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The development token issuer of the local stack, and only of it ({@code local} profile): an RSA key pair made at
 * start, its JWK set at {@code GET /dev/jwks.json} (outcomes-service trusts it from there), ready tokens for one
 * demo user of each role printed at start, and {@code POST /dev/tokens} for any role and locations. Never present
 * in any other profile: there, tokens come from the network's identity provider.
 */
@Configuration(proxyBeanMethods = false)
@Profile("local")
public class DevelopmentIssuer {

    public static final String ISSUER = "http://localhost/meridian/dev-issuer";
    static final Duration TTL = Duration.ofHours(12);
    private static final Pattern LOCATION_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    @Bean
    TokenIssuer developmentTokenIssuer() {
        return new TokenIssuer(ISSUER);
    }

    @Bean
    ReadyTokens readyTokens(TokenIssuer developmentTokenIssuer,
                            @Value("${meridian.dev-issuer.demo-location:loc-aldmere}") String demoLocation) {
        return new ReadyTokens(developmentTokenIssuer, demoLocation, System.out);
    }

    /** {@code role} one of the roles; {@code locations} location ids; {@code subject} optional. */
    public record TokenRequest(String role, List<String> locations, String subject) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TokenResponse(String accessToken, String tokenType, Instant expiresAt, String role,
                                List<String> locations, String subject) {
    }

    @RestController
    @Profile("local") // scanned on its own: the enclosing class's profile does not cover it
    static class DevTokensController {

        private final TokenIssuer issuer;

        DevTokensController(TokenIssuer issuer) {
            this.issuer = issuer;
        }

        @GetMapping(path = "/dev/jwks.json", produces = MediaType.APPLICATION_JSON_VALUE)
        String jwkSet() {
            return issuer.jwkSetJson();
        }

        @PostMapping("/dev/tokens")
        ResponseEntity<?> token(@RequestBody TokenRequest request) {
            if (request.role() == null || !Role.isKnown(request.role())) {
                return badRequest("role must be one of " + List.of(Role.values()));
            }
            List<String> locations = request.locations() == null ? List.of() : request.locations();
            if (!locations.stream().allMatch(id -> id != null && LOCATION_ID.matcher(id).matches())) {
                return badRequest("locations must be location ids (letters, digits, '-', '_')");
            }
            String subject = request.subject() != null && LOCATION_ID.matcher(request.subject()).matches()
                    ? request.subject() : "dev-" + UUID.randomUUID();
            Role role = Role.valueOf(request.role());
            return ResponseEntity.ok(new TokenResponse(issuer.issue(subject, role, locations, TTL), "Bearer",
                    Instant.now().plus(TTL), role.name(), locations, subject));
        }
    }

    static ResponseEntity<ProblemDetail> badRequest(String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
        problem.setType(URI.create("https://meridian.dev/problems/invalid-request"));
        return ResponseEntity.badRequest().contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    /** Prints one ready token per role once the service is up. */
    static class ReadyTokens {

        private final TokenIssuer issuer;
        private final String location;
        private final PrintStream out;

        ReadyTokens(TokenIssuer issuer, String location, PrintStream out) {
            this.issuer = issuer;
            this.location = location;
            this.out = out;
        }

        @EventListener(ApplicationReadyEvent.class)
        void print() {
            StringBuilder text = new StringBuilder("\nDevelopment tokens (local profile only; valid ")
                    .append(TTL.toHours()).append(" h; more from POST /dev/tokens):\n");
            append(text, "dev-practitioner", Role.PRACTITIONER, List.of(location));
            append(text, "dev-clinic-manager", Role.CLINIC_MANAGER, List.of(location));
            append(text, "dev-analyst", Role.ANALYST, List.of());
            append(text, "dev-network-admin", Role.NETWORK_ADMIN, List.of());
            out.println(text);
        }

        private void append(StringBuilder text, String subject, Role role, List<String> locations) {
            text.append("  ").append(role).append(locations.isEmpty() ? "" : " at " + locations).append(":\n    ")
                    .append(issuer.issue(subject, role, locations, TTL)).append('\n');
        }
    }
}
