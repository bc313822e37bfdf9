package dev.meridian.outcomes.support;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import java.util.UUID;

import dev.meridian.embedded.EmbeddedKafka;
import dev.meridian.embedded.EmbeddedMongo;

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
}
