package dev.meridian.practice.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.MongoClient;
import dev.meridian.practice.PracticeServiceApplication;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of the security and privacy integration tests: the real service on a random port against the embedded (or
 * external) MongoDB and Kafka, one database and one topic for this test JVM, shared by every subclass (same
 * configuration, so one cached Spring context). Tests stay independent by creating their own patients.
 */
@SpringBootTest(classes = PracticeServiceApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class SecuredServiceTest {

    protected static final String RUN = Long.toString(System.currentTimeMillis(), 36);
    protected static final String DATABASE = "practice_security_" + RUN;
    protected static final String TOPIC = "clinic.events.security." + RUN;
    protected static final Duration WAIT = Duration.ofSeconds(20);

    @DynamicPropertySource
    static void isolate(DynamicPropertyRegistry registry) {
        registry.add("spring.data.mongodb.database", () -> DATABASE);
        registry.add("meridian.kafka.topic", () -> TOPIC);
    }

    @LocalServerPort
    protected int port;
    @Autowired
    protected MongoClient mongoClient;
    @Value("${spring.kafka.bootstrap-servers}")
    protected String kafkaServers;

    /** A client with no token. */
    protected Http anonymous() {
        return new Http("http://localhost:" + port, null);
    }

    /** A client that acts with every right (the network admin); the tests of rights use their own. */
    protected Http staff() {
        return anonymous().as(TestTokens.networkAdmin());
    }

    /** The personal data of one made-up patient, unique to the test that made it. */
    public record Person(String givenName, String familyName, String birthDate, String email, String phone) {

        /** Every person the tests of this JVM registered: NoPersonalDataInLogsTest looks for them in the log. */
        public static final List<Person> ALL = new java.util.concurrent.CopyOnWriteArrayList<>();

        public static Person unique(String tag) {
            String suffix = Long.toString(System.nanoTime(), 36);
            Person person = new Person("Ottoline" + tag + suffix, "Quarrington" + suffix, "1961-03-05",
                    "o.q." + suffix + "@example.org", "+44 7700 9" + (100000 + (System.nanoTime() % 899999)));
            ALL.add(person);
            return person;
        }

        public List<String> strings() {
            return List.of(givenName, familyName, email, phone);
        }
    }

    protected String register(Http as, Person person, String location) {
        Map<String, Object> body = new HashMap<>(Map.of("homeLocationId", location, "givenName", person.givenName(),
                "familyName", person.familyName(), "birthDate", person.birthDate(), "email", person.email(),
                "phone", person.phone()));
        Http.Response created = as.post("/api/patients", body);
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        return created.text("patientId");
    }

    protected String openCourse(Http as, String patientId, String location) {
        Http.Response created = as.post("/api/patients/" + patientId + "/courses", Map.of(
                "locationId", location, "practitionerId", "pr-lee", "painLocation", "CENTRAL_LUMBAR",
                "onsetDate", LocalDate.now().minusMonths(6).toString(), "trigger", "LIFTING",
                "baselinePain", 7, "baselineOdi", 38));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        return created.text("courseId");
    }

    protected String startSession(Http as, String courseId) {
        Http.Response created = as.post("/api/courses/" + courseId + "/sessions", Map.of(
                "scheduledAt", Instant.now().minusSeconds(600).toString(), "practitionerId", "pr-lee"));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        String sessionId = created.text("sessionId");
        expect2xx(as.post("/api/sessions/" + sessionId + "/start", Map.of("preTreatmentPain", 7)));
        return sessionId;
    }

    protected static void expect2xx(Http.Response response) {
        assertThat(response.status()).as(response.raw()).isBetween(200, 299);
    }

    /** Waits until {@code path} answers 200 with a body that satisfies the condition, and returns the body. */
    protected JsonNode awaitView(Http as, String path, Predicate<JsonNode> condition) {
        JsonNode[] seen = new JsonNode[1];
        await().atMost(WAIT).pollInterval(Duration.ofMillis(50)).until(() -> {
            Http.Response response = as.get(path);
            seen[0] = response.json();
            return response.status() == 200 && condition.test(response.json());
        });
        return seen[0];
    }

    protected List<String> rawDatabase() {
        return RawScan.database(mongoClient, DATABASE);
    }
}
