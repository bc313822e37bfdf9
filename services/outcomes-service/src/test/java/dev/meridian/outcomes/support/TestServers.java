package dev.meridian.outcomes.support;

import static org.awaitility.Awaitility.await;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import dev.meridian.embedded.EmbeddedKafka;
import dev.meridian.embedded.EmbeddedMongo;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * The servers integration tests talk to, chosen as the services choose them: {@code MONGODB_URI} /
 * {@code KAFKA_BOOTSTRAP_SERVERS} when set, otherwise this JVM's embedded ones (the same the services get).
 */
public final class TestServers {

    private TestServers() {
    }

    public static String mongoUri() {
        String uri = System.getenv("MONGODB_URI");
        return uri != null && !uri.isBlank() ? uri : EmbeddedMongo.startOnce(null);
    }

    /**
     * A database of its own for a test (the name's prefix says whose), on one client shared by the test JVM and
     * closed with it: tests that need only the wire protocol, not a service.
     */
    public static MongoDatabase freshDatabase(String prefix) {
        return Client.SHARED.getDatabase(prefix + "_" + UUID.randomUUID().toString().substring(0, 8));
    }

    /** Created on first use; closed at the JVM's exit. */
    private static final class Client {
        static final MongoClient SHARED = MongoClients.create(mongoUri());

        static {
            Runtime.getRuntime().addShutdownHook(new Thread(SHARED::close, "test-mongo-client-close"));
        }
    }

    public static String kafkaBootstrapServers() {
        String servers = System.getenv("KAFKA_BOOTSTRAP_SERVERS");
        return servers != null && !servers.isBlank() ? servers : EmbeddedKafka.startOnce(null);
    }

    /**
     * Creates the topics and waits until every partition has a leader: an idempotent producer that meets a
     * partition whose leadership is still settling can get "not leader", retry, and then be refused with "out of
     * sequence" until its delivery timeout (seen here on the KRaft node right after topic creation).
     */
    public static void createTopics(List<String> names, int partitions, Duration patience) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafkaBootstrapServers()))) {
            admin.createTopics(names.stream().map(n -> new NewTopic(n, partitions, (short) 1)).toList())
                    .all().get(30, TimeUnit.SECONDS);
            await().atMost(patience).until(() -> admin.describeTopics(names)
                    .allTopicNames().get(30, TimeUnit.SECONDS).values().stream()
                    .flatMap(d -> d.partitions().stream())
                    .allMatch(p -> p.leader() != null && !p.leader().isEmpty()));
        } catch (Exception e) {
            throw new IllegalStateException("Cannot create test topics " + names, e);
        }
    }
}
