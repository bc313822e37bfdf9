package dev.meridian.practice.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.meridian.practice.testing.Http;
import dev.meridian.practice.testing.SecuredServiceTest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.RandomDistribution;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Property: whatever the body, a staff command never answers 5xx; a refusal is a problem document. Bodies come from
 * jqwik generators (fields of the endpoint with values of any JSON type, unknown fields, raw garbage), sent to a
 * real service against real records. (jqwik's generators are used from a JUnit test factory so that the Spring
 * context is shared with the other integration tests; a failing body is printed in the test name.)
 */
class FuzzedBodiesTest extends SecuredServiceTest {

    static final int BODIES_PER_ENDPOINT = 15;

    record Target(String path, List<String> fields) {
    }

    @TestFactory
    Stream<DynamicTest> no_body_produces_a_server_error() {
        Http admin = staff();
        String patientId = register(admin, Person.unique("Fz"), "loc-fuzz");
        String courseId = openCourse(admin, patientId, "loc-fuzz");
        String sessionId = startSession(admin, courseId);
        List<Target> targets = List.of(
                new Target("/api/patients", List.of("homeLocationId", "givenName", "familyName", "birthDate",
                        "email", "phone")),
                new Target("/api/patients/" + patientId + "/courses", List.of("locationId", "practitionerId",
                        "painLocation", "onsetDate", "trigger", "baselinePain", "baselineOdi")),
                new Target("/api/courses/" + courseId + "/sessions", List.of("scheduledAt", "practitionerId")),
                new Target("/api/courses/" + courseId + "/homework", List.of("exercises", "note")),
                new Target("/api/courses/" + courseId + "/outcome-measures", List.of("measuredOn", "pain", "odi")),
                new Target("/api/sessions/" + sessionId + "/psoas-release", List.of("side", "localTwitchResponse",
                        "needleCount")),
                new Target("/api/sessions/" + sessionId + "/retained-needles", List.of("muscles", "needleCount",
                        "retentionMinutes")),
                new Target("/api/sessions/" + sessionId + "/emotional-responses", List.of("phase", "intensity",
                        "traumaRelated", "note")),
                new Target("/api/sessions/" + sessionId + "/start", List.of("preTreatmentPain")),
                new Target("/api/sessions/" + sessionId + "/complete", List.of("postTreatmentPain")),
                new Target("/api/sessions/" + sessionId + "/cancel", List.of("reason")),
                new Target("/api/courses/" + courseId + "/close", List.of("outcome", "closingPain")));

        List<DynamicTest> tests = new ArrayList<>();
        for (Target target : targets) {
            bodies(target.fields()).sampleStream().limit(BODIES_PER_ENDPOINT).forEach(body -> {
                String shown = body.length() > 120 ? body.substring(0, 120) + "..." : body;
                tests.add(DynamicTest.dynamicTest(target.path().replaceAll("[0-9a-f-]{36}", "{id}") + " " + shown,
                        () -> {
                            Http.Response response = admin.postRaw(target.path(), body);
                            assertThat(response.status()).as(response.raw()).isLessThan(500);
                            if (response.status() >= 400) {
                                assertThat(response.contentType()).startsWith("application/problem+json");
                            }
                        }));
            });
        }
        return tests.stream();
    }

    /** JSON objects with the endpoint's fields (some missing, some unknown added) holding any JSON value. */
    static Arbitrary<String> bodies(List<String> fields) {
        Arbitrary<String> objects = Arbitraries.maps(
                Arbitraries.oneOf(Arbitraries.of(fields), Arbitraries.strings().ofMaxLength(12)),
                anyValue(2)).ofMaxSize(fields.size() + 2).map(FuzzedBodiesTest::json);
        Arbitrary<String> garbage = Arbitraries.strings().ofMaxLength(60);
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(8, objects),
                net.jqwik.api.Tuple.of(1, garbage),
                net.jqwik.api.Tuple.of(1, objects.map(json -> json.substring(0, json.length() / 2))));
    }

    static Arbitrary<Object> anyValue(int depth) {
        List<Arbitrary<?>> kinds = List.of(
                Arbitraries.strings().ofMaxLength(40),
                Arbitraries.of("LEFT", "PSOAS", "CENTRAL_LUMBAR", "DURING_RELEASE", "NO_SHOW", "RESOLVED",
                        "PSOAS_STRETCH", "2026-11-23", "1800-01-01", "2999-12-31", "2026-11-23T10:00:00Z",
                        "loc-fuzz", "", " ", "null"),
                Arbitraries.integers().withDistribution(RandomDistribution.uniform()),
                Arbitraries.longs(),
                Arbitraries.doubles(),
                Arbitraries.of(true, false),
                Arbitraries.just(null));
        List<Arbitrary<Object>> leaves = kinds.stream().map(kind -> kind.map(value -> (Object) value)).toList();
        Arbitrary<Object> leaf = Arbitraries.oneOf(leaves);
        if (depth == 0) {
            return leaf;
        }
        return Arbitraries.oneOf(List.of(leaf, leaf, leaf,
                anyValue(depth - 1).list().ofMaxSize(4).map(list -> (Object) list),
                Arbitraries.maps(Arbitraries.strings().ofMaxLength(8), anyValue(depth - 1)).ofMaxSize(3)
                        .map(map -> (Object) map)));
    }

    private static String json(Map<String, Object> map) {
        try {
            return Http.JSON.writeValueAsString(new LinkedHashMap<>(map));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
