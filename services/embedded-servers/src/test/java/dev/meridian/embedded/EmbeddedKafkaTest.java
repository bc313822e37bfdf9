package dev.meridian.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaTest {

    @Test
    void theJvmBrokerKeepsItsAddressAndRecordsAcrossStopAndStart() throws Exception {
        String servers = EmbeddedKafka.startOnce(null);
        String topic = "restart-" + UUID.randomUUID();
        createTopic(servers, topic);
        produce(servers, topic, "before-stop");

        EmbeddedKafka.stop();
        assertThat(EmbeddedKafka.isRunning()).isFalse();
        assertThat(EmbeddedKafka.bootstrapServers()).isEqualTo(servers);
        EmbeddedKafka.start();

        assertThat(EmbeddedKafka.isRunning()).isTrue();
        assertThat(EmbeddedKafka.startOnce(null)).isEqualTo(servers);
        produce(servers, topic, "after-start");
        assertThat(readAll(servers, topic, 2)).containsExactly("before-stop", "after-start");
    }

    @Test
    void aBrokerOnAFixedDataDirectoryKeepsItsRecordsForTheNextProcess(@TempDir Path dataDir) throws Exception {
        String topic = "persistent-" + UUID.randomUUID();
        KraftBroker first = new KraftBroker(dataDir.resolve("kafka"));
        try {
            first.start();
            createTopic(first.bootstrapServers(), topic);
            produce(first.bootstrapServers(), topic, "kept");
        } finally {
            first.stop();
        }

        // A new process gets new ports; only the directory is shared.
        KraftBroker next = new KraftBroker(dataDir.resolve("kafka"));
        try {
            next.start();
            assertThat(readAll(next.bootstrapServers(), topic, 1)).containsExactly("kept");
        } finally {
            next.stop();
        }
    }

    private static void createTopic(String servers, String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        }
    }

    private static void produce(String servers, String topic, String value) throws Exception {
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
            producer.send(new ProducerRecord<>(topic, "key", value)).get();
        }
    }

    private static List<String> readAll(String servers, String topic, int expected) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(Set.of(partition));
            consumer.seekToBeginning(Set.of(partition));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    values.add(record.value());
                }
                return values.size() >= expected;
            });
        }
        return values;
    }
}
