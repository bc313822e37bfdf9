package dev.meridian.outcomes.support;

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

    public static String kafkaBootstrapServers() {
        String servers = System.getenv("KAFKA_BOOTSTRAP_SERVERS");
        return servers != null && !servers.isBlank() ? servers : EmbeddedKafka.startOnce(null);
    }
}
