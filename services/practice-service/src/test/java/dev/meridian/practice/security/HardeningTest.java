package dev.meridian.practice.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.practice.testing.Http;
import dev.meridian.practice.testing.SecuredServiceTest;
import org.junit.jupiter.api.Test;

/** Size limits, security headers, and error bodies that tell nothing about the inside. */
class HardeningTest extends SecuredServiceTest {

    @Test
    void an_oversized_body_is_refused_unread() {
        String huge = "{\"homeLocationId\":\"loc-north\",\"givenName\":\"" + "x".repeat(70_000) + "\"}";
        Http.Response response = staff().postRaw("/api/patients", huge);
        assertThat(response.status()).isEqualTo(413);
        assertThat(response.contentType()).startsWith("application/problem+json");
    }

    @Test
    void every_response_carries_the_security_headers() {
        for (Http.Response response : new Http.Response[]{staff().get("/api/patients/not-an-id"),
                anonymous().get("/api/patients/not-an-id"), anonymous().get("/actuator/health")}) {
            assertThat(response.header("X-Content-Type-Options")).isEqualTo("nosniff");
            assertThat(response.header("X-Frame-Options")).isEqualTo("DENY");
            assertThat(response.header("Content-Security-Policy")).contains("frame-ancestors 'none'");
            assertThat(response.header("Referrer-Policy")).isEqualTo("no-referrer");
            assertThat(response.header("Cache-Control")).contains("no-store");
            assertThat(response.header("Strict-Transport-Security")).contains("max-age=");
        }
    }

    @Test
    void error_bodies_carry_no_stack_trace_class_or_package_name() {
        Http admin = staff();
        for (Http.Response response : new Http.Response[]{
                admin.postRaw("/api/patients", "{\"birthDate\": \"not a date\", "),
                admin.postRaw("/api/patients", "[1,2,3]"),
                admin.postRaw("/api/patients", "{\"homeLocationId\":\"loc-n\",\"givenName\":\"A\",\"familyName\":\"B\","
                        + "\"birthDate\":\"1980-13-45\"}"),
                admin.send("PUT", "/api/patients", "{}"),
                admin.get("/api/nothing-here"),
                anonymous().get("/api/patients")}) {
            assertThat(response.status()).as(response.raw()).isBetween(400, 499);
            assertThat(response.raw()).doesNotContain("dev.meridian", "java.", "com.fasterxml", "org.springframework",
                    "Exception", "\tat ", "trace");
        }
    }
}
