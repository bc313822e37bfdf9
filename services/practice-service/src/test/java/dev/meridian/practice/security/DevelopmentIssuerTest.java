package dev.meridian.practice.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.practice.PracticeServiceApplication;
import dev.meridian.practice.testing.Http;
import dev.meridian.security.TokenIssuer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * The local profile's development issuer: tokens from {@code POST /dev/tokens} open the API (with the rules of
 * their role), its JWK set is published, and ready tokens are printed. (Its absence elsewhere is proven by
 * TokenValidationTest, in the default profile.)
 */
@SpringBootTest(classes = PracticeServiceApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.data.mongodb.database=practice_dev_issuer", "meridian.privacy.master-key=",
                "meridian.publisher.enabled=false"})
@ActiveProfiles("local")
class DevelopmentIssuerTest {

    @LocalServerPort
    int port;
    @Autowired
    TokenIssuer developmentIssuer;

    @Test
    void tokens_from_the_development_issuer_open_the_api_with_their_roles_rules() {
        Http anonymous = new Http("http://localhost:" + port, null);
        Http.Response issued = anonymous.post("/dev/tokens",
                Map.of("role", "PRACTITIONER", "locations", List.of("loc-aldmere")));
        assertThat(issued.status()).as(issued.raw()).isEqualTo(200);
        Http practitioner = anonymous.as(issued.text("accessToken"));

        Http.Response registered = practitioner.post("/api/patients", Map.of("homeLocationId", "loc-aldmere",
                "givenName", "Dev", "familyName", "Issuer", "birthDate", "1990-02-03"));
        assertThat(registered.status()).as(registered.raw()).isEqualTo(201);
        assertThat(practitioner.post("/api/patients", Map.of("homeLocationId", "loc-brackwater",
                "givenName", "Dev", "familyName", "Issuer", "birthDate", "1990-02-03")).status()).isEqualTo(403);
        assertThat(anonymous.get("/dev/jwks.json").json().path("keys").get(0).path("kty").asText()).isEqualTo("RSA");
        assertThat(anonymous.post("/dev/tokens", Map.of("role", "GOD")).status()).isEqualTo(400);
    }

    @Test
    void ready_tokens_are_printed_for_one_demo_user_of_each_role() {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        new DevelopmentIssuer.ReadyTokens(developmentIssuer, "loc-aldmere",
                new PrintStream(printed, true, StandardCharsets.UTF_8)).print();
        assertThat(printed.toString(StandardCharsets.UTF_8))
                .contains("PRACTITIONER at [loc-aldmere]", "CLINIC_MANAGER at [loc-aldmere]", "ANALYST",
                        "NETWORK_ADMIN", "eyJ");
    }
}
