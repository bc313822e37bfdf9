package dev.meridian.outcomes.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meridian.events.envelope.EventEnvelope;
import dev.meridian.outcomes.OutcomesServiceApplication;
import dev.meridian.outcomes.support.History;
import dev.meridian.outcomes.support.OutcomesTestKit;
import dev.meridian.outcomes.support.Workloads;
import dev.meridian.security.Role;
import dev.meridian.security.testing.TestIssuer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * outcomes-service's authorization matrix: every endpoint x every role's valid token, and no token, a tampered, an
 * expired and a wrong-issuer token, each with the status docs/security.md gives, a problem-details body when refused,
 * and nothing done where refused (no rebuild started, no republication asked, no collection changed). The service
 * fetches the test issuer's keys over HTTP, as from a real identity provider. The list of API endpoints is checked
 * against the service's own request mappings, so a new endpoint without a row here fails the build.
 */
class AuthorizationMatrixTest {

    enum Access {
        /** Holds no data: the dashboard's shell, health, API docs. */
        PUBLIC,
        /** De-identified projections: analysts and the network admin. */
        ANALYST_API,
        /** Rebuild and reconciliation: the network admin. */
        OPERATOR,
        /** Actuator endpoints other than health: the network admin and services. */
        MONITORING
    }

    record Endpoint(String method, String pattern, String path, String accept, Access access, int success) {

        String name() {
            return method + " " + path;
        }
    }

    static final List<Endpoint> ENDPOINTS = List.of(
            new Endpoint("GET", "/", "/", "text/html", Access.PUBLIC, 200),
            new Endpoint("GET", "/index.html", "/index.html", "text/html", Access.PUBLIC, 200),
            new Endpoint("GET", null, "/dashboard/dashboard.js", "*/*", Access.PUBLIC, 200),
            new Endpoint("GET", null, "/dashboard/dashboard.css", "*/*", Access.PUBLIC, 200),
            new Endpoint("GET", null, "/webjars/echarts/dist/echarts.min.js", "*/*", Access.PUBLIC, 200),
            new Endpoint("GET", null, "/v3/api-docs", "application/json", Access.PUBLIC, 200),
            new Endpoint("GET", null, "/swagger-ui/index.html", "text/html", Access.PUBLIC, 200),
            new Endpoint("GET", null, "/actuator/health", "application/json", Access.PUBLIC, 200),
            new Endpoint("GET", null, "/actuator/metrics", "application/json", Access.MONITORING, 200),
            new Endpoint("GET", null, "/actuator/info", "application/json", Access.MONITORING, 200),
            new Endpoint("GET", "/api/outcomes/summary", "/api/outcomes/summary?groupBy=location,chronicity",
                    "application/json", Access.ANALYST_API, 200),
            new Endpoint("GET", "/api/outcomes/summary", "/api/outcomes/summary?groupBy=practitioner&format=csv",
                    "text/csv", Access.ANALYST_API, 200),
            new Endpoint("GET", "/api/outcomes/courses", "/api/outcomes/courses?chronicity=CHRONIC",
                    "application/json", Access.ANALYST_API, 200),
            new Endpoint("GET", "/api/outcomes/dimensions", "/api/outcomes/dimensions", "application/json",
                    Access.ANALYST_API, 200),
            new Endpoint("GET", "/api/projections/rebuild", "/api/projections/rebuild", "application/json",
                    Access.OPERATOR, 200),
            new Endpoint("POST", "/api/projections/rebuild", "/api/projections/rebuild", "application/json",
                    Access.OPERATOR, 202),
            new Endpoint("GET", "/api/reconciliation", "/api/reconciliation", "application/json",
                    Access.OPERATOR, 200),
            new Endpoint("POST", "/api/reconciliation/heal", "/api/reconciliation/heal", "application/json",
                    Access.OPERATOR, 200));

    /**
     * What a request carries: a valid token of one role, or one of the kinds that must be refused. The refused
     * kinds claim the network admin, so that nothing but the token's validity can be why they are refused.
     */
    record Credential(String name, Role role, Supplier<String> token) {

        boolean valid() {
            return role != null;
        }

        boolean none() {
            return role == null && name.equals(NO_TOKEN);
        }
    }

    static final String NO_TOKEN = "no token";

    static List<Credential> credentials() {
        TestIssuer issuer = TestIssuer.shared();
        List<Credential> all = new ArrayList<>();
        all.add(new Credential(NO_TOKEN, null, () -> null));
        all.add(new Credential("a tampered token", null, () -> issuer.tampered(Role.ANALYST, Role.NETWORK_ADMIN)));
        all.add(new Credential("an expired token", null, () -> issuer.expired(Role.NETWORK_ADMIN)));
        all.add(new Credential("another issuer's token", null, () -> TestIssuer.ofAnotherIssuer(Role.NETWORK_ADMIN)));
        all.add(new Credential("another key in our issuer's name", null,
                () -> TestIssuer.ofAnotherKeyInOurName(Role.NETWORK_ADMIN)));
        for (Role role : Role.values()) {
            all.add(new Credential(role.name(), role, () -> issuer.token(role, "loc-matrix")));
        }
        return all;
    }

    /** docs/security.md, written out. */
    static int expected(Endpoint endpoint, Credential credential) {
        if (!credential.valid()) {
            // Also on public paths: a token that is given is checked, and a bad one is refused.
            return endpoint.access() == Access.PUBLIC && credential.none() ? endpoint.success() : 401;
        }
        Role role = credential.role();
        return switch (endpoint.access()) {
            case PUBLIC -> endpoint.success();
            case ANALYST_API -> role == Role.ANALYST || role == Role.NETWORK_ADMIN ? endpoint.success() : 403;
            case OPERATOR -> role == Role.NETWORK_ADMIN ? endpoint.success() : 403;
            case MONITORING -> role == Role.NETWORK_ADMIN || role == Role.SERVICE ? endpoint.success() : 403;
        };
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private static OutcomesTestKit kit;
    private static History history;

    @BeforeAll
    static void start() {
        kit = new OutcomesTestKit(AuthorizationMatrixTest.class);
        history = Workloads.generate(17, 12);
        List<EventEnvelope> all = history.envelopes();
        // One event the store has and the topic lacks: a heal has something to ask republication of.
        List<EventEnvelope> published = all.subList(0, all.size() - 1);
        kit.practice.store(all);
        kit.producer.sendAll(published);
        kit.start();
        kit.awaitProjected(published.stream().map(EventEnvelope::event).toList());
    }

    @AfterAll
    static void close() {
        kit.close();
    }

    @Test
    void the_matrix_has_a_row_for_every_api_endpoint_of_the_service() {
        RequestMappingHandlerMapping mappings = kit.context().getBean("requestMappingHandlerMapping",
                RequestMappingHandlerMapping.class);
        Set<String> mapped = new TreeSet<>();
        mappings.getHandlerMethods().keySet().forEach(info -> info.getMethodsCondition().getMethods()
                .forEach(method -> info.getPatternValues().stream()
                        .filter(pattern -> pattern.startsWith("/api/") || pattern.equals("/")
                                || pattern.equals("/index.html"))
                        .forEach(pattern -> mapped.add(method.name() + " " + pattern))));
        Set<String> rows = ENDPOINTS.stream().filter(e -> e.pattern() != null)
                .map(e -> e.method() + " " + e.pattern()).collect(Collectors.toCollection(TreeSet::new));
        assertThat(rows).isEqualTo(mapped);
    }

    @TestFactory
    Stream<DynamicTest> every_endpoint_for_every_role_and_every_kind_of_bad_token() {
        List<DynamicTest> cells = new ArrayList<>();
        for (Endpoint endpoint : ENDPOINTS) {
            for (Credential credential : credentials()) {
                cells.add(cell(endpoint, credential));
            }
        }
        return cells.stream();
    }

    private DynamicTest cell(Endpoint endpoint, Credential credential) {
        int expected = expected(endpoint, credential);
        String name = endpoint.name() + " with " + credential.name() + " -> " + expected;
        return DynamicTest.dynamicTest(name, () -> {
            String token = credential.token().get();
            Map<String, Object> before = sideEffects();

            HttpResponse<String> response = send(endpoint, token);

            assertThat(response.statusCode()).as(name + ": " + response.body()).isEqualTo(expected);
            if (expected >= 400) {
                assertThat(response.headers().firstValue("Content-Type").orElse(""))
                        .as(name).startsWith("application/problem+json");
                assertThat(JSON.readTree(response.body()).path("status").asInt()).isEqualTo(expected);
                if (expected == 401) {
                    assertThat(response.headers().firstValue("WWW-Authenticate").orElse("")).startsWith("Bearer");
                }
                assertThat(sideEffects()).as(name + " did nothing").isEqualTo(before);
            } else if ("POST /api/projections/rebuild".equals(endpoint.name())) {
                awaitRebuildFinished(); // the next cells compare the state before and after them
            } else if ("POST /api/reconciliation/heal".equals(endpoint.name())) {
                kit.awaitProjected(history.events()); // the same: the republished event is applied first
            }
        });
    }

    @Test
    void the_dashboard_shell_is_public_and_has_no_inline_script_for_the_content_security_policy_to_block()
            throws Exception {
        HttpResponse<String> page = send(ENDPOINTS.get(0), null);

        assertThat(page.statusCode()).isEqualTo(200);
        String policy = page.headers().firstValue("Content-Security-Policy").orElseThrow();
        Matcher scripts = Pattern.compile("script-src ([^;]*)").matcher(policy);
        assertThat(scripts.find()).as(policy).isTrue();
        assertThat(scripts.group(1).trim()).isEqualTo("'self'");
        assertThat(page.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
        assertThat(page.headers().firstValue("X-Frame-Options")).contains("DENY");
        Matcher tags = Pattern.compile("<script([^>]*)>(.*?)</script>", Pattern.DOTALL).matcher(page.body());
        int count = 0;
        while (tags.find()) {
            count++;
            assertThat(tags.group(1)).as("script from a file").contains("src=\"/");
            assertThat(tags.group(2)).as("no inline code").isBlank();
        }
        assertThat(count).isPositive();
        assertThat(page.body()).as("no inline event handlers").doesNotContainPattern("\\son[a-z]+=");
        assertThat(page.body()).as("no data in the shell").doesNotContain("loc-");
    }

    @Test
    void the_service_does_not_start_without_a_token_issuer() {
        try (OutcomesTestKit unconfigured = new OutcomesTestKit(AuthorizationMatrixTest.class)) {
            String[] withoutIssuer = unconfigured.arguments().stream()
                    .filter(argument -> !argument.startsWith("--meridian.security.")).toArray(String[]::new);
            assertThatThrownBy(() -> new SpringApplicationBuilder(OutcomesServiceApplication.class)
                    .run(withoutIssuer).close())
                    .hasStackTraceContaining("No token issuer configured");
        }
    }

    private static HttpResponse<String> send(Endpoint endpoint, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(kit.baseUrl() + endpoint.path()))
                .header("Accept", endpoint.accept()).timeout(Duration.ofSeconds(60))
                .method(endpoint.method(), HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** What a refused request must not have changed: the rebuild, republication requests, every collection. */
    private static Map<String, Object> sideEffects() {
        Map<String, Object> seen = new TreeMap<>();
        JsonNode rebuild = kit.http().get().uri("/api/projections/rebuild").retrieve().body(JsonNode.class);
        seen.put("rebuild", rebuild.path("state").asText() + " " + rebuild.path("startedAt").asText());
        seen.put("republish requests", kit.practice.republishRequests().size());
        for (String collection : kit.mongo().listCollectionNames()) {
            seen.put("collection " + collection, kit.mongo().getCollection(collection).countDocuments());
        }
        return seen;
    }

    private static void awaitRebuildFinished() {
        await().atMost(OutcomesTestKit.PATIENCE).until(() -> {
            String state = kit.http().get().uri("/api/projections/rebuild").retrieve().body(JsonNode.class)
                    .path("state").asText();
            return state.equals("COMPLETED") || state.equals("FAILED");
        });
    }
}
