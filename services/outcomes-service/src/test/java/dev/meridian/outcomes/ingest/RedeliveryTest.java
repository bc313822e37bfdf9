package dev.meridian.outcomes.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.meridian.outcomes.projection.ProjectionMetrics;
import dev.meridian.outcomes.support.History;
import dev.meridian.outcomes.support.OutcomesTestKit;
import dev.meridian.outcomes.support.TestServers;
import dev.meridian.outcomes.support.Workloads;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Events delivered more than once (produced twice, or read again after the group's offsets were reset) change
 * nothing: not a course outcome, not a dashboard cell.
 */
class RedeliveryTest {

    private static OutcomesTestKit kit;
    private static History history;

    @BeforeAll
    static void projectOnce() {
        kit = new OutcomesTestKit(RedeliveryTest.class);
        history = Workloads.generate(7, 30);
        kit.producer.sendAll(history.envelopes());
        kit.start();
        kit.awaitProjected(history.events());
    }

    @AfterAll
    static void close() {
        kit.close();
    }

    @Test
    void theSameRecordsProducedAgainChangeNothing() {
        List<Document> courses = kit.courses();
        List<Document> cells = kit.cells();
        double duplicatesBefore = duplicates();

        kit.producer.sendAll(history.envelopes());

        await().atMost(OutcomesTestKit.PATIENCE)
                .until(() -> duplicates() >= duplicatesBefore + history.envelopes().size());
        assertThat(kit.courses()).isEqualTo(courses);
        assertThat(kit.cells()).isEqualTo(cells);
        assertThat(kit.parked()).isEmpty();
    }

    @Test
    void readingTheTopicAgainFromOffsetZeroChangesNothing() throws Exception {
        List<Document> courses = kit.courses();
        List<Document> cells = kit.cells();
        LiveProjection live = kit.context().getBean(LiveProjection.class);
        live.stop();
        long onTopic = resetGroupToOffsetZero();
        double duplicatesBefore = duplicates();

        live.start();

        await().atMost(OutcomesTestKit.PATIENCE).until(() -> duplicates() >= duplicatesBefore + onTopic);
        assertThat(kit.courses()).isEqualTo(courses);
        assertThat(kit.cells()).isEqualTo(cells);
    }

    private static double duplicates() {
        return kit.counter(ProjectionMetrics.DUPLICATES, "projection", "live");
    }

    /** Moves the (empty) group's committed offsets back to 0; returns how many records it will read again. */
    private static long resetGroupToOffsetZero() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestServers.kafkaBootstrapServers()))) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(kit.group)
                    .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetAndMetadata> zero = new HashMap<>();
            long records = 0;
            for (Map.Entry<TopicPartition, OffsetAndMetadata> entry : committed.entrySet()) {
                zero.put(entry.getKey(), new OffsetAndMetadata(0));
                records += entry.getValue().offset();
            }
            assertThat(records).isPositive();
            admin.alterConsumerGroupOffsets(kit.group, zero).all().get(30, TimeUnit.SECONDS);
            return records;
        }
    }
}
