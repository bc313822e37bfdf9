package dev.meridian.practice.publishing;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * Makes sure the topic and its dead-letter topic exist before the first record is sent, creating them with the
 * configured partitions when they are missing. It never changes an existing topic: adding partitions would move
 * patients to other partitions and break the per-patient order consumers rely on.
 *
 * <p>The check runs lazily (on the first send, and again after a failure) rather than at start-up, so that the
 * service starts, and accepts commands, while Kafka is down.
 */
public class ClinicEventsTopic {

    private static final Logger log = LoggerFactory.getLogger(ClinicEventsTopic.class);
    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(10);

    private final KafkaAdmin kafkaAdmin;
    private final ClinicEventsTopicProperties properties;
    private volatile boolean ready;

    public ClinicEventsTopic(KafkaAdmin kafkaAdmin, ClinicEventsTopicProperties properties) {
        this.kafkaAdmin = kafkaAdmin;
        this.properties = properties;
    }

    public String name() {
        return properties.topic();
    }

    /** @throws TopicUnavailableException when Kafka cannot be asked or refuses to create the topics */
    public void ensureExists() {
        if (ready) {
            return;
        }
        synchronized (this) {
            if (!ready) {
                createMissing();
                ready = true;
            }
        }
    }

    private void createMissing() {
        Map<String, Object> config = new HashMap<>(kafkaAdmin.getConfigurationProperties());
        config.putIfAbsent(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) ADMIN_TIMEOUT.toMillis() / 2);
        config.putIfAbsent(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) ADMIN_TIMEOUT.toMillis());
        try (Admin admin = Admin.create(config)) {
            Set<String> existing = admin.listTopics().names().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            for (String topic : List.of(properties.topic(), properties.deadLetterTopic())) {
                if (!existing.contains(topic)) {
                    create(admin, topic);
                }
            }
            TopicDescription description = admin.describeTopics(List.of(properties.topic()))
                    .allTopicNames().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).get(properties.topic());
            if (description.partitions().size() != properties.partitions()) {
                log.warn("Topic {} has {} partitions, not the configured {}; it is used as it is",
                        properties.topic(), description.partitions().size(), properties.partitions());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TopicUnavailableException(properties.topic(), e);
        } catch (Exception e) {
            throw new TopicUnavailableException(properties.topic(), e);
        }
    }

    private void create(Admin admin, String topic) throws Exception {
        try {
            admin.createTopics(List.of(new NewTopic(topic, properties.partitions(), properties.replicationFactor())))
                    .all().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            log.info("Created topic {} with {} partitions", topic, properties.partitions());
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
    }

    /** Kafka could not be asked about the topic, or refused to create it. */
    public static class TopicUnavailableException extends RuntimeException {

        TopicUnavailableException(String topic, Throwable cause) {
            super("Topic " + topic + " is not available: " + cause, cause);
        }
    }
}
