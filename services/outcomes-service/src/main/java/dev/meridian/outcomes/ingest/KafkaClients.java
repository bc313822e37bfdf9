package dev.meridian.outcomes.ingest;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.kafka.KafkaProperties;
import org.springframework.stereotype.Component;

/**
 * The plain Kafka clients this service uses, configured from {@code spring.kafka.*} (bootstrap servers, security)
 * plus what the consumer's guarantees need: no auto-commit (offsets move after the read-model write), a new group
 * starts at the earliest offset (events published before this service first ran are read too).
 */
@Component
public class KafkaClients {

    private static final Logger log = LoggerFactory.getLogger(KafkaClients.class);

    private final KafkaProperties kafka;
    private final String topic;
    private final int partitions;
    private final short replicationFactor;

    public KafkaClients(KafkaProperties kafka,
                        @Value("${meridian.kafka.topic}") String topic,
                        @Value("${meridian.kafka.partitions}") int partitions,
                        @Value("${meridian.kafka.replication-factor:1}") short replicationFactor) {
        this.kafka = kafka;
        this.topic = topic;
        this.partitions = partitions;
        this.replicationFactor = replicationFactor;
    }

    public String topic() {
        return topic;
    }

    public String deadLetterTopic() {
        return topic + dev.meridian.events.envelope.CloudEventsKafkaCodec.DEAD_LETTER_SUFFIX;
    }

    /** Consumer settings; {@code groupId} null for a consumer that assigns partitions itself and commits nothing. */
    public Map<String, Object> consumerProperties(String groupId, String clientId) {
        Map<String, Object> props = new HashMap<>(kafka.buildConsumerProperties(null));
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        if (groupId == null) {
            props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        } else {
            props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        }
        return props;
    }

    public Map<String, Object> producerProperties(String clientId) {
        Map<String, Object> props = new HashMap<>(kafka.buildProducerProperties(null));
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        props.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        return props;
    }

    public Admin admin() {
        return Admin.create(new HashMap<>(kafka.buildAdminProperties(null)));
    }

    /**
     * Creates the topic and its dead-letter topic when missing, with {@code meridian.kafka.partitions} and
     * {@code meridian.kafka.replication-factor} (a real cluster creates them with deploy/kafka/topics.sh). Whoever
     * comes first, publisher or consumer, creates them; the other finds them. Never changes an existing topic.
     */
    public void ensureTopics(Duration timeout) {
        Map<String, Object> config = new HashMap<>(kafka.buildAdminProperties(null));
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis() / 2);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        try (Admin admin = Admin.create(config)) {
            Set<String> existing = admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            for (String name : List.of(topic(), deadLetterTopic())) {
                if (existing.contains(name)) {
                    continue;
                }
                try {
                    admin.createTopics(List.of(new NewTopic(name, partitions, replicationFactor)))
                            .all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                    log.info("Created topic {} with {} partitions", name, partitions);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("Cannot create topic " + name, e.getCause());
                    }
                }
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("Kafka did not list its topics", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating topics", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka did not answer within " + timeout + " while creating topics", e);
        }
    }
}
