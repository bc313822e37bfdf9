package dev.meridian.outcomes.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Sorts;
import dev.meridian.events.ClinicEvent;
import dev.meridian.outcomes.OutcomesServiceApplication;
import dev.meridian.outcomes.projection.ReadModelStore;
import dev.meridian.outcomes.recount.IndependentRecount;
import dev.meridian.outcomes.recount.ProjectedFigures;
import dev.meridian.security.Role;
import dev.meridian.security.testing.TestIssuer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.Search;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.bson.Document;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.mongodb.MongoDatabaseFactory;
import org.springframework.web.client.RestClient;

/**
 * One test class's world: a fresh topic (and its dead-letter topic), a fresh database and consumer group, a producer
 * and a fake practice-service, and outcomes-service contexts started on them (random port), trusting the test
 * issuer ({@link TestIssuer}). Shared servers, as the team brief asks: one broker and one wire-protocol server per
 * JVM.
 */
public final class OutcomesTestKit implements AutoCloseable {

    public static final int PARTITIONS = 3;
    public static final Duration PATIENCE = Duration.ofSeconds(120);

    public final String topic;
    public final String database;
    public final String group;
    public final TopicProducer producer;
    public final FakePracticeService practice;
    private ConfigurableApplicationContext context;

    public OutcomesTestKit(Class<?> testClass) {
        String unique = testClass.getSimpleName().toLowerCase(Locale.ROOT) + "-"
                + UUID.randomUUID().toString().substring(0, 8);
        topic = "clinic.events." + unique;
        database = "outcomes_" + unique.replace('-', '_');
        group = "outcomes-" + unique;
        createTopics();
        producer = new TopicProducer(topic);
        practice = new FakePracticeService(producer);
    }

    private void createTopics() {
        TestServers.createTopics(List.of(topic, topic + ".DLT"), PARTITIONS, PATIENCE);
    }

    /** The command-line arguments a context of this kit runs with (they beat the service's property file). */
    public List<String> arguments(String... extra) {
        List<String> args = new ArrayList<>(List.of(
                "--server.port=0",
                "--spring.data.mongodb.database=" + database,
                "--meridian.kafka.topic=" + topic,
                "--meridian.kafka.partitions=" + PARTITIONS,
                "--meridian.outcomes.consumer.group=" + group,
                "--meridian.outcomes.consumer.poll-timeout=PT0.1S",
                "--meridian.outcomes.consumer.retry-backoff=PT0.2S",
                "--meridian.outcomes.gaps.republish-after=PT0.2S",
                "--meridian.outcomes.gaps.retry-after=PT2S",
                "--meridian.outcomes.gaps.check-interval=PT0.1S",
                "--meridian.outcomes.gaps.sweep-interval=PT0.5S",
                "--meridian.practice.base-url=" + practice.baseUrl(),
                "--spring.main.banner-mode=off"));
        args.addAll(TestIssuer.shared().arguments());
        args.addAll(List.of(extra));
        return args;
    }

    public ConfigurableApplicationContext start(String... extra) {
        if (context != null) {
            throw new IllegalStateException("already started");
        }
        context = new SpringApplicationBuilder(OutcomesServiceApplication.class)
                .run(arguments(extra).toArray(String[]::new));
        return context;
    }

    /** Closes the context as a shutdown would: the consumers finish the record in hand and commit. */
    public void stop() {
        if (context != null) {
            context.close();
            context = null;
        }
    }

    public ConfigurableApplicationContext context() {
        return context;
    }

    /** A client of the service acting as the network admin, who may call every endpoint. */
    public RestClient http() {
        return http(TestIssuer.shared().token(Role.NETWORK_ADMIN));
    }

    /** A client sending this bearer token; {@code null} for none. */
    public RestClient http(String token) {
        RestClient.Builder builder = RestClient.builder().baseUrl(baseUrl());
        if (token != null) {
            builder.defaultHeader("Authorization", "Bearer " + token);
        }
        return builder.build();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    public MongoDatabase mongo() {
        return context.getBean(MongoDatabaseFactory.class).getMongoDatabase();
    }

    public List<Document> documents(String collection) {
        return mongo().getCollection(collection).find().sort(Sorts.ascending("_id")).into(new ArrayList<>());
    }

    public List<Document> courses() {
        return documents(ReadModelStore.COURSE_OUTCOMES);
    }

    public List<Document> cells() {
        return documents(ReadModelStore.DASHBOARD_CELLS);
    }

    public List<Document> parked() {
        return documents(ReadModelStore.PARKED_EVENTS);
    }

    /** Sum of a counter over all its tags that match the given ones (key, value, key, value...). */
    public double counter(String name, String... tags) {
        Search search = context.getBean(MeterRegistry.class).find(name);
        if (tags.length > 0) {
            search = search.tags(tags);
        }
        return search.counters().stream().mapToDouble(Counter::count).sum();
    }

    /** Waits until the read models equal the independent recount of these events. */
    public void awaitProjected(List<ClinicEvent> events) {
        Map<String, IndependentRecount.CourseFigures> courses = IndependentRecount.courses(events);
        Map<String, Map<String, Long>> cells = IndependentRecount.cells(events);
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            assertThat(ProjectedFigures.courses(courses())).isEqualTo(courses);
            assertThat(ProjectedFigures.cells(cells())).isEqualTo(cells);
            // A batch writes a course with its pending cell change, then the cells, then clears the change: the
            // figures can match before the last step, and a snapshot taken then differs from the same documents a
            // moment later (a flaky comparison in InMemoryRebuildBoundTest and RedeliveryTest).
            assertThat(courses()).as("every course's cell change written and cleared")
                    .allSatisfy(course -> assertThat(course.get("pendingCellChange")).isNull());
        });
    }

    @Override
    public void close() {
        stop();
        practice.close();
        producer.close();
    }
}
