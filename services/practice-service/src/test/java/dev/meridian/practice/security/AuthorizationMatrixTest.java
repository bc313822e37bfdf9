package dev.meridian.practice.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.practice.testing.Http;
import dev.meridian.practice.testing.SecuredServiceTest;
import dev.meridian.practice.testing.TestTokens;
import dev.meridian.security.Role;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * The authorization matrix: every endpoint of the staff and internal API x every role x a token for the record's
 * own location / another location, plus no token, each with the status DOMAIN.md's rules give, and nothing stored
 * where the request was refused. The endpoint list is checked against the service's own request mappings, so a
 * new endpoint without a row here fails the build.
 */
class AuthorizationMatrixTest extends SecuredServiceTest {

    static final String OWN = "loc-matrix-own";
    static final String OTHER = "loc-matrix-other";

    enum Access { READ, WRITE, ERASE, CREATE_PATIENT, INTERNAL, AUDIT }

    enum Where { OWN_LOCATION, OTHER_LOCATION, NO_TOKEN }

    /** The records one request works on, all at {@link #OWN}. */
    record World(String patientId, String courseId, String scheduledSessionId, String startedSessionId) {
    }

    record Endpoint(String method, String pattern, Access access, int success, Function<World, String> path,
                    Function<World, Map<String, ?>> body) {

        String name() {
            return method + " " + pattern;
        }
    }

    static final List<Endpoint> ENDPOINTS = List.of(
            new Endpoint("POST", "/api/patients", Access.CREATE_PATIENT, 201, w -> "/api/patients",
                    w -> Map.of("homeLocationId", OWN, "givenName", "Mat", "familyName", "Rix",
                            "birthDate", "1980-01-01")),
            new Endpoint("GET", "/api/patients/{patientId}", Access.READ, 200,
                    w -> "/api/patients/" + w.patientId(), w -> null),
            new Endpoint("POST", "/api/patients/{patientId}/courses", Access.WRITE, 201,
                    w -> "/api/patients/" + w.patientId() + "/courses",
                    w -> Map.of("locationId", OWN, "practitionerId", "pr-m", "painLocation", "LEFT",
                            "onsetDate", LocalDate.now().minusDays(3).toString(), "trigger", "WORKOUT",
                            "baselinePain", 6)),
            new Endpoint("POST", "/api/patients/{patientId}/erase", Access.ERASE, 204,
                    w -> "/api/patients/" + w.patientId() + "/erase", w -> Map.of()),
            new Endpoint("GET", "/api/courses/{courseId}", Access.READ, 200,
                    w -> "/api/courses/" + w.courseId(), w -> null),
            new Endpoint("POST", "/api/courses/{courseId}/sessions", Access.WRITE, 201,
                    w -> "/api/courses/" + w.courseId() + "/sessions",
                    w -> Map.of("scheduledAt", Instant.now().toString(), "practitionerId", "pr-m")),
            new Endpoint("POST", "/api/courses/{courseId}/homework", Access.WRITE, 204,
                    w -> "/api/courses/" + w.courseId() + "/homework",
                    w -> Map.of("exercises", List.of("PSOAS_STRETCH"))),
            new Endpoint("POST", "/api/courses/{courseId}/outcome-measures", Access.WRITE, 204,
                    w -> "/api/courses/" + w.courseId() + "/outcome-measures",
                    w -> Map.of("measuredOn", LocalDate.now().toString(), "pain", 3)),
            new Endpoint("POST", "/api/courses/{courseId}/close", Access.WRITE, 204,
                    w -> "/api/courses/" + w.courseId() + "/close",
                    w -> Map.of("outcome", "IMPROVED", "closingPain", 2)),
            new Endpoint("GET", "/api/sessions/{sessionId}", Access.READ, 200,
                    w -> "/api/sessions/" + w.startedSessionId(), w -> null),
            new Endpoint("POST", "/api/sessions/{sessionId}/start", Access.WRITE, 204,
                    w -> "/api/sessions/" + w.scheduledSessionId() + "/start", w -> Map.of("preTreatmentPain", 6)),
            new Endpoint("POST", "/api/sessions/{sessionId}/psoas-release", Access.WRITE, 204,
                    w -> "/api/sessions/" + w.startedSessionId() + "/psoas-release",
                    w -> Map.of("side", "LEFT", "localTwitchResponse", true, "needleCount", 4)),
            new Endpoint("POST", "/api/sessions/{sessionId}/retained-needles", Access.WRITE, 204,
                    w -> "/api/sessions/" + w.startedSessionId() + "/retained-needles",
                    w -> Map.of("muscles", List.of("MULTIFIDUS"), "needleCount", 6, "retentionMinutes", 25)),
            new Endpoint("POST", "/api/sessions/{sessionId}/emotional-responses", Access.WRITE, 204,
                    w -> "/api/sessions/" + w.startedSessionId() + "/emotional-responses",
                    w -> Map.of("phase", "DURING_RELEASE", "intensity", "MILD", "traumaRelated", "NO")),
            new Endpoint("POST", "/api/sessions/{sessionId}/complete", Access.WRITE, 204,
                    w -> "/api/sessions/" + w.startedSessionId() + "/complete", w -> Map.of("postTreatmentPain", 2)),
            new Endpoint("POST", "/api/sessions/{sessionId}/cancel", Access.WRITE, 204,
                    w -> "/api/sessions/" + w.scheduledSessionId() + "/cancel", w -> Map.of("reason", "NO_SHOW")),
            new Endpoint("GET", "/api/audit", Access.AUDIT, 200, w -> "/api/audit?patientId=" + w.patientId(),
                    w -> null),
            new Endpoint("GET", "/internal/streams", Access.INTERNAL, 200, w -> "/internal/streams?limit=5",
                    w -> null),
            new Endpoint("GET", "/internal/streams/changes", Access.INTERNAL, 200,
                    w -> "/internal/streams/changes?limit=5&since=" + Instant.now().minusSeconds(60), w -> null),
            new Endpoint("POST", "/internal/republish", Access.INTERNAL, 202, w -> "/internal/republish",
                    w -> Map.of("aggregateIds", List.of(w.patientId()))));

    /** Commands that succeed once per record: each successful cell gets fresh records; the rest share one set. */
    static final Set<String> ONCE_ONLY = Set.of("POST /api/patients/{patientId}/erase",
            "POST /api/courses/{courseId}/close", "POST /api/sessions/{sessionId}/start",
            "POST /api/sessions/{sessionId}/complete", "POST /api/sessions/{sessionId}/cancel");

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    private World shared;

    @Test
    void the_matrix_has_a_row_for_every_endpoint_of_the_service() {
        Set<String> mapped = new TreeSet<>();
        mappings.getHandlerMethods().keySet().forEach(info -> info.getMethodsCondition().getMethods()
                .forEach(method -> info.getPatternValues().stream()
                        .filter(pattern -> pattern.startsWith("/api/") || pattern.startsWith("/internal/"))
                        .forEach(pattern -> mapped.add(method.name() + " " + pattern))));
        Set<String> rows = ENDPOINTS.stream().map(Endpoint::name).collect(Collectors.toCollection(TreeSet::new));
        assertThat(rows).isEqualTo(mapped);
    }

    @TestFactory
    Stream<DynamicTest> every_role_at_every_endpoint_from_its_own_location_another_and_without_a_token() {
        List<DynamicTest> cells = new ArrayList<>();
        for (Endpoint endpoint : ENDPOINTS) {
            cells.add(cell(endpoint, null, Where.NO_TOKEN));
            for (Role role : Role.values()) {
                cells.add(cell(endpoint, role, Where.OWN_LOCATION));
                cells.add(cell(endpoint, role, Where.OTHER_LOCATION));
            }
        }
        return cells.stream();
    }

    private DynamicTest cell(Endpoint endpoint, Role role, Where where) {
        int expected = expected(endpoint, role, where);
        String name = endpoint.name() + " as " + (role == null ? "nobody" : role) + " from "
                + where.name().toLowerCase() + " -> " + expected;
        return DynamicTest.dynamicTest(name, () -> {
            boolean succeeds = expected < 300;
            World world = succeeds && ONCE_ONLY.contains(endpoint.name()) ? freshWorld() : sharedWorld();
            Http as = role == null ? anonymous()
                    : anonymous().as(TestTokens.token("matrix-" + role.name().toLowerCase(), role,
                    where == Where.OWN_LOCATION ? List.of(OWN) : List.of(OTHER)));
            long eventsBefore = storedEvents();
            Map<String, ?> body = endpoint.body().apply(world);
            Http.Response response = body == null && "GET".equals(endpoint.method())
                    ? as.get(endpoint.path().apply(world))
                    : as.post(endpoint.path().apply(world), body == null ? Map.of() : body);

            assertThat(response.status()).as(name + ": " + response.raw()).isEqualTo(expected);
            if (!succeeds) {
                assertThat(response.contentType()).as(name).startsWith("application/problem+json");
                assertThat(response.json().path("status").asInt()).isEqualTo(expected);
                assertThat(storedEvents()).as(name + " stored nothing").isEqualTo(eventsBefore);
            }
        });
    }

    /** DOMAIN.md's rules, written out: what each role may do where. */
    static int expected(Endpoint endpoint, Role role, Where where) {
        if (where == Where.NO_TOKEN) {
            return 401;
        }
        switch (endpoint.access()) {
            case INTERNAL:
                return role == Role.SERVICE ? endpoint.success() : 403;
            case AUDIT:
                return role == Role.NETWORK_ADMIN ? endpoint.success() : 403;
            default:
                break;
        }
        if (role == Role.ANALYST || role == Role.SERVICE) {
            return 403; // never the staff API
        }
        if (role == Role.NETWORK_ADMIN) {
            return endpoint.success(); // reaches everything, wherever
        }
        boolean own = where == Where.OWN_LOCATION;
        return switch (endpoint.access()) {
            case CREATE_PATIENT -> own && role == Role.PRACTITIONER ? endpoint.success() : 403;
            case READ -> own ? endpoint.success() : 404;
            case WRITE -> !own ? 404 : role == Role.PRACTITIONER ? endpoint.success() : 403;
            case ERASE -> own ? 403 : 404;
            default -> throw new IllegalStateException();
        };
    }

    private World sharedWorld() {
        if (shared == null) {
            shared = freshWorld();
            // Reads are answered from the views, which follow the event store closely but not instantly.
            awaitView(staff(), "/api/patients/" + shared.patientId(), view -> true);
            awaitView(staff(), "/api/courses/" + shared.courseId(), view -> true);
            awaitView(staff(), "/api/sessions/" + shared.startedSessionId(), view -> true);
        }
        return shared;
    }

    /** A patient, course, scheduled and started session at {@link #OWN}, made by the network admin. */
    private World freshWorld() {
        Http admin = staff();
        String patientId = register(admin, Person.unique("Mx"), OWN);
        String courseId = openCourse(admin, patientId, OWN);
        Http.Response scheduled = admin.post("/api/courses/" + courseId + "/sessions", Map.of(
                "scheduledAt", Instant.now().toString(), "practitionerId", "pr-m"));
        expect2xx(scheduled);
        String startedSessionId = startSession(admin, courseId);
        return new World(patientId, courseId, scheduled.text("sessionId"), startedSessionId);
    }

    private long storedEvents() {
        return mongoClient.getDatabase(DATABASE).getCollection("domainevents").countDocuments();
    }
}
