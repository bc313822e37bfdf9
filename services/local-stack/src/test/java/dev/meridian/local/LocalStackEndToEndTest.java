package dev.meridian.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import dev.meridian.embedded.EmbeddedMongo;
import dev.meridian.local.demo.DemoGenerator;
import dev.meridian.local.demo.DemoParameters;
import dev.meridian.local.demo.DemoPlan;
import dev.meridian.local.demo.PlanExecutor;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The local stack as a newcomer runs it: a fresh data directory, both services, the demo network seeded through
 * the HTTP API; then a stop while work is still in flight and a restart on the same directory. One data
 * directory and one pair of database/topic names for the whole class (a restart must find them again).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalStackEndToEndTest {

    private static final int PATIENTS = 12;
    private static final int LATE_PATIENTS = 10;
    private static final String SUFFIX = UUID.randomUUID().toString().substring(0, 8);
    private static final String PRACTICE_DB = "e2e_practice_" + SUFFIX;
    private static final String OUTCOMES_DB = "e2e_outcomes_" + SUFFIX;
    private static final String TOPIC = "e2e.clinic.events." + SUFFIX;
    private static final Path DATA_DIR = tempDir();
    private static final LocalStackOptions OPTIONS = LocalStackOptions.defaults().withDataDir(DATA_DIR)
            .withPorts(0, 0).withDemoData(true, PATIENTS).withFresh(true);

    private static DemoPlan seeded;
    private static DemoPlan late;
    private static ObjectNode markerAfterSeeding;
    private static LocalStack stack;

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("meridian-e2e-");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static LocalStack start(LocalStackOptions options) {
        return LocalStack.start(options,
                Map.of("spring.data.mongodb.database", PRACTICE_DB, "meridian.kafka.topic", TOPIC),
                Map.of("spring.data.mongodb.database", OUTCOMES_DB, "meridian.kafka.topic", TOPIC));
    }

    @AfterAll
    static void stop() throws java.io.IOException {
        if (stack != null) {
            stack.close();
        }
        // The broker's log and the H2 file: megabytes per run, left in the temporary directory otherwise.
        org.springframework.util.FileSystemUtils.deleteRecursively(DATA_DIR);
    }

    @Test
    @Order(1)
    void a_fresh_stack_seeds_the_demo_network_over_http_and_the_outcomes_read_models_show_every_seeded_course() {
        stack = start(OPTIONS);
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        LocalStack.SeedReport report = stack.seedIfNew(new PrintStream(console, true, StandardCharsets.UTF_8),
                false).orElseThrow();
        seeded = report.plan();
        markerAfterSeeding = stack.seedMarker().orElseThrow();

        assertThat(report.result().failedScripts()).as("refused: %s", report.result().sampleFailures()).isZero();
        assertThat(report.courseIds()).hasSize(seeded.courses().size());
        assertThat(console.toString(StandardCharsets.UTF_8)).contains("Seeding [").contains("100%");
        assertThat(markerAfterSeeding.path("status").asText()).isEqualTo("SEEDED");

        awaitOutcomesShow(List.of(seeded));
        assertThat(get(stack.practiceUri() + "/api/courses/" + report.courseIds().get(0)).statusCode())
                .isEqualTo(200);
    }

    @Test
    @Order(2)
    void the_welcome_gives_the_analyst_a_dashboard_link_and_curl_lines_whose_token_outcomes_service_trusts() {
        ByteArrayOutputStream welcome = new ByteArrayOutputStream();
        MeridianLocal.printWelcome(new PrintStream(welcome, true, StandardCharsets.UTF_8), stack);
        String text = welcome.toString(StandardCharsets.UTF_8);
        String outcomes = stack.outcomesUri().toString();
        assertThat(stack.mongoUri()).startsWith("mongodb");
        assertThat(stack.kafkaBootstrapServers()).contains(":");
        assertThat(text).contains("MongoDB        " + stack.mongoUri()).contains("Kafka          "
                + stack.kafkaBootstrapServers());

        Matcher link = Pattern.compile(Pattern.quote(outcomes) + "/#token=([A-Za-z0-9_.-]+)").matcher(text);
        assertThat(link.find()).as(text).isTrue();
        String token = link.group(1);
        assertThat(text).contains("curl -s -H \"Authorization: Bearer " + token + "\" '" + outcomes
                + "/api/outcomes/summary?groupBy=location&chronicity=CHRONIC'");
        assertThat(text).contains("-H 'Accept: text/csv' '" + outcomes
                + "/api/outcomes/summary?groupBy=location&chronicity=CHRONIC'");

        // outcomes-service trusts practice-service's development issuer, and only with a token.
        HttpResponse<String> summary = get(outcomes + "/api/outcomes/summary?groupBy=location&chronicity=CHRONIC",
                token);
        assertThat(summary.statusCode()).as(summary.body()).isEqualTo(200);
        assertThat(summary.body()).contains("\"groups\"");
        HttpResponse<String> csv = get(outcomes
                + "/api/outcomes/summary?groupBy=location&chronicity=CHRONIC&format=csv", token);
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
        assertThat(get(outcomes + "/api/outcomes/summary", null).statusCode()).isEqualTo(401);
        assertThat(get(outcomes + "/api/projections/rebuild", token).statusCode()).as("operators only").isEqualTo(403);
        assertThat(get(outcomes + "/api/projections/rebuild", stack.staffToken()).statusCode()).isEqualTo(200);
        assertThat(get(outcomes + "/", null).statusCode()).as("the dashboard's shell is public").isEqualTo(200);
        assertThat(get(stack.practiceUri() + "/api/courses/" + UUID.randomUUID(), token).statusCode())
                .as("analysts never reach practice-service").isEqualTo(403);
    }

    @Test
    @Order(3)
    void a_restart_on_the_same_data_directory_keeps_every_course_sees_every_event_and_does_not_reseed() {
        // More patients, and a stop right after their last answer: the publisher and the projections are still
        // behind when the servers go down, so the restart has to pick every event up again.
        late = new DemoGenerator(DemoParameters.defaults(4242, LATE_PATIENTS)).plan();
        PlanExecutor.Result result = new PlanExecutor(stack.practiceUri(), 4, (s, c, b, st, a, z) -> { },
                PlanExecutor.Pacer.NONE).authorizedBy(stack.staffToken()).execute(late, done -> { });
        assertThat(result.failedScripts()).isZero();
        // A projection rebuild swaps fresh collections in (renamed over the live ones): the restart must find them.
        rebuildProjections();
        stack.close();

        stack = start(OPTIONS.withFresh(false));
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        Optional<LocalStack.SeedReport> reseeded = stack.seedIfNew(
                new PrintStream(console, true, StandardCharsets.UTF_8), false);

        assertThat(reseeded).isEmpty();
        assertThat(stack.seedMarker().orElseThrow()).isEqualTo(markerAfterSeeding);
        awaitOutcomesShow(List.of(seeded, late));
        MongoDatabase practice = mongo().getDatabase(PRACTICE_DB);
        long patients = seeded.scripts().size() + late.scripts().size();
        assertThat(practice.getCollection("patient_views").countDocuments()).isEqualTo(patients);
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertThat(
                practice.getCollection("course_views").countDocuments())
                .isEqualTo(seeded.courses().size() + late.courses().size()));
    }

    @Test
    @Order(4)
    void after_the_restart_new_commands_flow_through_to_the_outcomes_read_models() {
        DemoPlan more = new DemoGenerator(DemoParameters.defaults(777, 3)).plan();
        PlanExecutor.Result result = new PlanExecutor(stack.practiceUri(), 2, (s, c, b, st, a, z) -> { },
                PlanExecutor.Pacer.NONE).authorizedBy(stack.staffToken()).execute(more, done -> { });
        assertThat(result.failedScripts()).isZero();
        awaitOutcomesShow(List.of(seeded, late, more));
        // A second rebuild creates its staging collections again under the names the first one swapped in.
        rebuildProjections();
        awaitOutcomesShow(List.of(seeded, late, more));
    }

    @Test
    @Order(5)
    void a_store_that_failed_for_good_stops_the_stack_and_says_what_is_kept_and_what_to_do() {
        List<String> reports = new CopyOnWriteArrayList<>();
        stack.whenStoreFails(reports::add);
        URI practice = stack.practiceUri();

        // What EmbeddedMongo reports when H2 closes its store (StoreFailureWatchTest makes H2 do it for real).
        stack.storeFailed(new IllegalStateException("H2 closed its store",
                new OutOfMemoryError("Capacity: 18874368")));

        assertThat(reports).singleElement().asString()
                .contains("Meridian stopped", "OutOfMemoryError", DATA_DIR.toString(), "-Xmx");
        assertThat(EmbeddedMongo.isRunning()).as("the embedded MongoDB server stopped").isFalse();
        HttpRequest health = HttpRequest.newBuilder(practice.resolve("/actuator/health")).build();
        assertThatThrownBy(() -> HttpClient.newHttpClient().send(health, HttpResponse.BodyHandlers.ofString()))
                .as("practice-service stopped").isInstanceOf(ConnectException.class);
    }

    private static void rebuildProjections() {
        String rebuild = stack.outcomesUri() + "/api/projections/rebuild";
        HttpResponse<String> started = send(HttpRequest.newBuilder(URI.create(rebuild))
                .POST(HttpRequest.BodyPublishers.noBody()), stack.staffToken());
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                assertThat(get(rebuild).body()).contains("\"state\":\"COMPLETED\""));
    }

    /** Every planned course is in the outcomes read models: opened, closed as planned, every session completed. */
    private static void awaitOutcomesShow(List<DemoPlan> plans) {
        long courses = plans.stream().mapToLong(p -> p.courses().size()).sum();
        long closed = plans.stream().mapToLong(DemoPlan::closedCourseCount).sum();
        long sessions = plans.stream().mapToLong(DemoPlan::completedSessionCount).sum();
        MongoDatabase outcomes = mongo().getDatabase(OUTCOMES_DB);
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            assertThat(outcomes.getCollection("course_outcomes").countDocuments(Filters.eq("opened", true)))
                    .isEqualTo(courses);
            assertThat(outcomes.getCollection("course_outcomes").countDocuments(Filters.eq("closed", true)))
                    .isEqualTo(closed);
            long completed = 0;
            long inCells = 0;
            for (Document course : outcomes.getCollection("course_outcomes").find()) {
                completed += ((Number) course.get("sessionsCompleted")).longValue();
            }
            for (Document cell : outcomes.getCollection("dashboard_cells").find()) {
                inCells += ((Number) cell.get("coursesOpened")).longValue();
            }
            assertThat(completed).isEqualTo(sessions);
            assertThat(inCells).as("courses counted in the dashboard cells").isEqualTo(courses);
        });
    }

    private static MongoClient mongo() {
        return stack.practiceContext().getBean(MongoClient.class);
    }

    private static HttpResponse<String> get(String url) {
        return get(url, stack.staffToken());
    }

    private static HttpResponse<String> get(String url, String token) {
        return send(HttpRequest.newBuilder(URI.create(url)).GET(), token);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request, String token) {
        try {
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }
            return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
