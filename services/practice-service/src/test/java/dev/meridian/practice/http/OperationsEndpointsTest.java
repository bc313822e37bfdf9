package dev.meridian.practice.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What operators and API users read besides the API itself: health, the OpenAPI document, Swagger UI. */
class OperationsEndpointsTest extends HttpApiTest {

    @Test
    void health_is_up_with_mongodb_up_on_the_wire_protocol_server() {
        Api.Response health = api.get("/actuator/health");
        assertThat(health.status()).as(health.raw()).isEqualTo(200);
        assertThat(health.text("status")).isEqualTo("UP");
        assertThat(health.json().at("/components/mongo/status").asText()).isEqualTo("UP");
        // Spring Boot's own indicator: its 'hello' answered by the embedded server as by MongoDB.
        assertThat(health.json().at("/components/mongo/details/maxWireVersion").asInt()).isPositive();
    }

    @Test
    void the_openapi_document_describes_every_staff_endpoint() {
        Api.Response docs = api.get("/v3/api-docs");
        assertThat(docs.status()).isEqualTo(200);
        assertThat(docs.json().at("/info/title").asText()).isEqualTo("Meridian practice-service");
        assertThat(docs.json().at("/info/description").asText()).contains("problem details");
        assertThat(docs.json().at("/components/securitySchemes/bearer/bearerFormat").asText()).isEqualTo("JWT");
        assertThat(docs.json().at("/components/securitySchemes/bearer/description").asText()).contains("locations");
        assertThat(docs.json().at("/security/0/bearer").isArray()).isTrue();

        List<String> operations = new ArrayList<>();
        docs.json().path("paths").fields().forEachRemaining(path -> path.getValue().fieldNames()
                .forEachRemaining(method -> operations.add(method.toUpperCase() + " " + path.getKey())));
        // Every operation of API.md is there; other endpoints (internal, admin) may sit beside them.
        assertThat(operations).contains(
                "POST /api/patients",
                "POST /api/patients/{patientId}/erase",
                "GET /api/patients/{patientId}",
                "POST /api/patients/{patientId}/courses",
                "GET /api/courses/{courseId}",
                "POST /api/courses/{courseId}/sessions",
                "POST /api/courses/{courseId}/homework",
                "POST /api/courses/{courseId}/outcome-measures",
                "POST /api/courses/{courseId}/close",
                "GET /api/sessions/{sessionId}",
                "POST /api/sessions/{sessionId}/start",
                "POST /api/sessions/{sessionId}/psoas-release",
                "POST /api/sessions/{sessionId}/retained-needles",
                "POST /api/sessions/{sessionId}/emotional-responses",
                "POST /api/sessions/{sessionId}/complete",
                "POST /api/sessions/{sessionId}/cancel");

        JsonNode register = docs.json().at("/paths/~1api~1patients/post/responses");
        assertThat(register.has("201")).isTrue();
        JsonNode start = docs.json().at("/paths/~1api~1sessions~1{sessionId}~1start/post/responses");
        assertThat(start.has("204")).isTrue();
        assertThat(docs.json().at("/components/schemas/RetainedNeedlesRequest/properties/muscles/items/enum")
                .toString()).contains("QUADRATUS_LUMBORUM", "PSOAS");
    }

    @Test
    void swagger_ui_is_served() {
        Api.Response ui = api.get("/swagger-ui/index.html");
        assertThat(ui.status()).isEqualTo(200);
        assertThat(api.get("/swagger-ui.html").status()).isIn(200, 302);
    }
}
