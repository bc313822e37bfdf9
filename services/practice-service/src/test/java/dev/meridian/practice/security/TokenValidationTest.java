package dev.meridian.practice.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.meridian.practice.testing.Http;
import dev.meridian.practice.testing.SecuredServiceTest;
import dev.meridian.practice.testing.TestTokens;
import dev.meridian.security.Role;
import dev.meridian.security.TokenIssuer;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Only tokens the configured issuer signed, still valid and well-formed, open the API; every other is a 401. */
class TokenValidationTest extends SecuredServiceTest {

    static final String PATH = "/api/patients/0f8fad5b-d9cb-469f-a165-70867728950e";

    @Test
    void a_valid_token_passes_authentication() {
        // 404: authenticated and authorized, the patient just does not exist.
        assertThat(anonymous().as(TestTokens.networkAdmin()).get(PATH).status()).isEqualTo(404);
    }

    @Test
    void no_token_is_401_with_a_bearer_challenge() {
        Http.Response response = anonymous().get(PATH);
        assertUnauthorized(response);
        assertThat(response.header("WWW-Authenticate")).isEqualTo("Bearer");
    }

    @Test
    void a_tampered_token_is_refused() {
        String[] parts = TestTokens.practitioner("loc-a").split("\\.");
        String claims = new String(Base64.getUrlDecoder().decode(parts[1]))
                .replace("\"PRACTITIONER\"", "\"NETWORK_ADMIN\"");
        String forged = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(claims.getBytes())
                + "." + parts[2];
        assertUnauthorized(anonymous().as(forged).get(PATH));
    }

    @Test
    void a_tampered_token_is_refused_right_after_its_original_was_accepted() {
        // Verified tokens are remembered (VerifiedTokenCache): by the whole token, so a changed one is verified anew.
        String original = TestTokens.practitioner("loc-a");
        assertThat(anonymous().as(original).get(PATH).status()).isNotEqualTo(401);
        String[] parts = original.split("\\.");
        String claims = new String(Base64.getUrlDecoder().decode(parts[1]))
                .replace("\"PRACTITIONER\"", "\"NETWORK_ADMIN\"");
        String forged = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(claims.getBytes())
                + "." + parts[2];
        assertUnauthorized(anonymous().as(forged).get(PATH));
        assertUnauthorized(anonymous().as(original + "x").get(PATH));
        assertThat(anonymous().as(original).get(PATH).status()).isNotEqualTo(401);
    }

    @Test
    void an_expired_token_is_refused() {
        TokenIssuer issuer = TestTokens.issuer();
        JWTClaimsSet expired = issuer.claims("old", Role.NETWORK_ADMIN, List.of(), Duration.ofMinutes(5))
                .issueTime(Date.from(Instant.now().minus(Duration.ofHours(2))))
                .notBeforeTime(Date.from(Instant.now().minus(Duration.ofHours(2))))
                .expirationTime(Date.from(Instant.now().minus(Duration.ofMinutes(5)))).build();
        assertUnauthorized(anonymous().as(issuer.sign(expired)).get(PATH));
    }

    @Test
    void a_token_without_expiry_is_refused() {
        TokenIssuer issuer = TestTokens.issuer();
        JWTClaimsSet forever = issuer.claims("forever", Role.NETWORK_ADMIN, List.of(), Duration.ofMinutes(5))
                .expirationTime(null).build();
        assertUnauthorized(anonymous().as(issuer.sign(forever)).get(PATH));
    }

    @Test
    void a_token_of_another_issuer_is_refused_whether_its_key_or_only_its_name_differs() {
        TokenIssuer stranger = new TokenIssuer("https://evil.example");
        assertUnauthorized(anonymous().as(stranger.issue("x", Role.NETWORK_ADMIN, List.of(), Duration.ofMinutes(5)))
                .get(PATH));
        TokenIssuer sameNameOtherKey = new TokenIssuer(TestTokens.ISSUER);
        assertUnauthorized(anonymous().as(sameNameOtherKey.issue("x", Role.NETWORK_ADMIN, List.of(),
                Duration.ofMinutes(5))).get(PATH));
        JWTClaimsSet renamed = TestTokens.issuer().claims("x", Role.NETWORK_ADMIN, List.of(), Duration.ofMinutes(5))
                .issuer("https://evil.example").build();
        assertUnauthorized(anonymous().as(TestTokens.issuer().sign(renamed)).get(PATH));
    }

    @Test
    void a_token_with_an_unknown_role_or_malformed_locations_is_refused() {
        TokenIssuer issuer = TestTokens.issuer();
        assertUnauthorized(anonymous().as(issuer.sign(issuer.claims("x", Role.NETWORK_ADMIN, List.of(),
                Duration.ofMinutes(5)).claim("role", "SUPERUSER").build())).get(PATH));
        assertUnauthorized(anonymous().as(issuer.sign(issuer.claims("x", Role.PRACTITIONER, List.of(),
                Duration.ofMinutes(5)).claim("locations", List.of("loc a; drop")).build())).get(PATH));
    }

    @Test
    void an_unsigned_token_is_refused() {
        String header = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\"}".getBytes());
        String body = Base64.getUrlEncoder().withoutPadding().encodeToString(("{\"iss\":\"" + TestTokens.ISSUER
                + "\",\"sub\":\"x\",\"role\":\"NETWORK_ADMIN\",\"exp\":" + (Instant.now().getEpochSecond() + 600)
                + "}").getBytes());
        assertUnauthorized(anonymous().as(header + "." + body + ".").get(PATH));
    }

    @Test
    void the_development_issuer_is_absent_outside_the_local_profile() {
        Http admin = anonymous().as(TestTokens.networkAdmin());
        assertThat(admin.post("/dev/tokens", Map.of("role", "NETWORK_ADMIN")).status()).isEqualTo(404);
        assertThat(admin.get("/dev/jwks.json").status()).isEqualTo(404);
        assertThat(anonymous().post("/dev/tokens", Map.of("role", "NETWORK_ADMIN")).status()).isEqualTo(401);
    }

    @Test
    void a_malformed_bearer_header_is_refused_and_a_token_in_the_query_is_not_read() {
        // The header is read without Spring's expression (BearerHeader); what is not well-formed is still Spring's.
        assertUnauthorized(anonymous().as("not a token").get(PATH));
        assertUnauthorized(anonymous().get(PATH + "?access_token=" + TestTokens.networkAdmin()));
        assertThat(anonymous().as(TestTokens.networkAdmin()).get(PATH + "?view=full").status()).isEqualTo(404);
    }

    private static void assertUnauthorized(Http.Response response) {
        assertThat(response.status()).as(response.raw()).isEqualTo(401);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().path("status").asInt()).isEqualTo(401);
    }
}
