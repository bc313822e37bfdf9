package dev.meridian.embedded;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.StringUtils;

/**
 * Chooses, before any bean exists, which MongoDB and Kafka a service talks to:
 * <ol>
 *   <li>{@code spring.data.mongodb.uri} / {@code spring.kafka.bootstrap-servers} when set explicitly;</li>
 *   <li>otherwise the environment variables {@code MONGODB_URI} / {@code KAFKA_BOOTSTRAP_SERVERS};</li>
 *   <li>otherwise the embedded servers, started once per JVM (unless {@code meridian.embedded.enabled=false}).</li>
 * </ol>
 * {@code meridian.embedded.data-dir} makes the embedded servers keep their data in that directory.
 */
public class EmbeddedServersEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

    static final String MONGO_URI = "spring.data.mongodb.uri";
    static final String KAFKA_SERVERS = "spring.kafka.bootstrap-servers";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment env, SpringApplication application) {
        Map<String, Object> chosen = new LinkedHashMap<>();
        boolean embeddedAllowed = env.getProperty("meridian.embedded.enabled", Boolean.class, true);
        String dataDirText = env.getProperty("meridian.embedded.data-dir");
        Path dataDir = StringUtils.hasText(dataDirText) ? Path.of(dataDirText) : null;

        if (!StringUtils.hasText(env.getProperty(MONGO_URI))) {
            String fromEnv = System.getenv("MONGODB_URI");
            if (StringUtils.hasText(fromEnv)) {
                chosen.put(MONGO_URI, fromEnv);
            } else if (embeddedAllowed) {
                chosen.put(MONGO_URI, EmbeddedMongo.startOnce(dataDir == null ? null : dataDir.resolve("mongo")));
            }
        }
        if (!StringUtils.hasText(env.getProperty(KAFKA_SERVERS))) {
            String fromEnv = System.getenv("KAFKA_BOOTSTRAP_SERVERS");
            if (StringUtils.hasText(fromEnv)) {
                chosen.put(KAFKA_SERVERS, fromEnv);
            } else if (embeddedAllowed && env.getProperty("meridian.embedded.kafka", Boolean.class, true)) {
                chosen.put(KAFKA_SERVERS, EmbeddedKafka.startOnce(dataDir == null ? null : dataDir.resolve("kafka")));
            }
        }
        if (!chosen.isEmpty()) {
            env.getPropertySources().addFirst(new MapPropertySource("meridianEmbeddedServers", chosen));
        }
    }

    @Override
    public int getOrder() {
        // After application.properties and profiles are loaded, so explicit settings win.
        return Ordered.LOWEST_PRECEDENCE;
    }
}
