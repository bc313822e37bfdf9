package dev.meridian.outcomes.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.meridian.events.AggregateType;
import dev.meridian.events.Chronicity;
import dev.meridian.events.ClinicEvent;
import dev.meridian.events.CourseOutcome;
import dev.meridian.events.EmotionalPhase;
import dev.meridian.events.Exercise;
import dev.meridian.events.Intensity;
import dev.meridian.events.Side;
import dev.meridian.events.TraumaRelated;
import dev.meridian.events.envelope.CloudEventsKafkaCodec;
import dev.meridian.events.envelope.EncodedRecord;
import dev.meridian.events.envelope.EventEnvelope;
import dev.meridian.outcomes.gaps.GapHealer;
import dev.meridian.outcomes.projection.ProjectionMetrics;
import dev.meridian.outcomes.support.History;
import dev.meridian.outcomes.support.OutcomesTestKit;
import dev.meridian.outcomes.support.TestServers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Faults on the topic: records that are not readable events go to the dead-letter topic with their reason and
 * consumption goes on; an event skipped by the publisher leaves a gap that is detected, counted, parked behind,
 * and healed by a republish from practice-service.
 */
class PoisonAndGapTest {

    private static OutcomesTestKit kit;
    /** The tests share the topic: the recount covers every history produced in this class so far. */
    private static final List<ClinicEvent> produced = new ArrayList<>();

    @BeforeAll
    static void start() {
        kit = new OutcomesTestKit(PoisonAndGapTest.class);
        kit.start();
    }

    @AfterAll
    static void close() {
        kit.close();
    }

    @Test
    void unreadableRecordsLandInTheDeadLetterTopicWithTheirReasonAndLaterEventsStillProject() {
        History history = new History();
        String patient = history.registerPatient("loc-north");
        History.Course course = history.openCourse(patient, "loc-north", "pr-1", Chronicity.CHRONIC, 7, null);
        course.session(7, 4).releasePsoas(Side.LEFT, true);
        EncodedRecord valid = new CloudEventsKafkaCodec().encode(history.envelopes().get(1));
        Map<String, byte[]> unknownType = new LinkedHashMap<>(valid.headers());
        unknownType.put(CloudEventsKafkaCodec.TYPE, utf8("meridian.course.Teleported.v1"));
        Map<String, byte[]> wrongSubject = new LinkedHashMap<>(valid.headers());
        wrongSubject.put(CloudEventsKafkaCodec.SUBJECT, utf8(UUID.randomUUID().toString()));
        double deadLetteredBefore = kit.counter(ProjectionMetrics.DEAD_LETTERED);

        // Poison first, on the patient's own partition, so the good events queue behind it.
        kit.producer.sendRaw(patient, Map.of(), utf8("not an event"));
        kit.producer.sendRaw(patient, valid.headers(), utf8("{\"courseId\": "));
        kit.producer.sendRaw(patient, unknownType, valid.value());
        kit.producer.sendRaw(patient, wrongSubject, valid.value());
        kit.producer.sendAll(history.envelopes());
        produced.addAll(history.events());

        kit.awaitProjected(produced);
        List<ConsumerRecord<String, byte[]>> letters = readDeadLetters(4);
        assertThat(letters).extracting(r -> header(r, DeadLetters.REASON)).satisfiesExactly(
                reason -> assertThat(reason).startsWith("unreadable: missing header ce_type"),
                reason -> assertThat(reason).startsWith("unreadable: body is not a valid"),
                reason -> assertThat(reason).isEqualTo("unreadable: unknown event type 'meridian.course.Teleported.v1'"),
                reason -> assertThat(reason).startsWith("unreadable: headers name aggregate"));
        assertThat(letters).allSatisfy(letter -> {
            assertThat(letter.key()).isEqualTo(patient);
            assertThat(header(letter, DeadLetters.ORIGINAL_TOPIC)).isEqualTo(kit.topic);
            assertThat(header(letter, DeadLetters.ORIGINAL_OFFSET)).isNotBlank();
        });
        assertThat(new String(letters.get(0).value(), StandardCharsets.UTF_8)).isEqualTo("not an event");
        assertThat(kit.counter(ProjectionMetrics.DEAD_LETTERED)).isEqualTo(deadLetteredBefore + 4);
    }

    @Test
    void anEventSkippedByThePublisherIsDetectedParkedAndHealedByRepublication() {
        History history = new History();
        String patient = history.registerPatient("loc-south");
        History.Course course = history.openCourse(patient, "loc-south", "pr-2", Chronicity.SUBACUTE, 8, 50);
        course.homework(Exercise.PSOAS_STRETCH, Exercise.CORE_STABILITY);
        History.Session session = course.scheduleSession().start(8).releasePsoas(Side.BILATERAL, false)
                .emotionalResponse(EmotionalPhase.DURING_RELEASE, Intensity.MODERATE, TraumaRelated.YES)
                .complete(5);
        course.followUp(3, 30);
        course.close(CourseOutcome.IMPROVED, 3);
        // The course's stream is 0 opened, 1 homework, 2 follow-up, 3 closed: sequence 2 never makes it.
        EventEnvelope skipped = history.streamOf(course.courseId).get(2);
        List<EventEnvelope> published = new ArrayList<>(history.envelopes());
        published.remove(skipped);
        kit.practice.store(history.envelopes());
        kit.practice.hold();
        double gapsBefore = kit.counter(ProjectionMetrics.GAPS, "aggregateType", AggregateType.TREATMENT_COURSE.name());

        kit.producer.sendAll(published);
        produced.addAll(history.events());

        await().atMost(OutcomesTestKit.PATIENCE).untilAsserted(() -> {
            assertThat(kit.parked()).extracting(d -> d.getString("_id")).containsExactly(course.courseId + ":3");
            assertThat(kit.practice.republishedAggregateIds()).contains(course.courseId);
        });
        assertThat(kit.counter(ProjectionMetrics.GAPS, "aggregateType", AggregateType.TREATMENT_COURSE.name()))
                .isEqualTo(gapsBefore + 1);
        Document held = kit.courses().stream().filter(d -> d.getString("_id").equals(course.courseId)).findFirst()
                .orElseThrow();
        assertThat(held.get("applied", Document.class).get(course.courseId)).isEqualTo(1L);
        assertThat(held.getBoolean("closed")).as("the closing waits behind the gap").isFalse();
        assertThat(held.get("applied", Document.class).get(session.sessionId)).as("other streams go on")
                .isEqualTo(4L);

        kit.practice.release();

        kit.awaitProjected(produced);
        await().atMost(OutcomesTestKit.PATIENCE).untilAsserted(() -> assertThat(kit.parked()).isEmpty());
        assertThat(kit.counter(GapHealer.REPUBLISH_REQUESTED)).isPositive();
    }

    private static List<ConsumerRecord<String, byte[]>> readDeadLetters(int expected) {
        List<ConsumerRecord<String, byte[]>> letters = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestServers.kafkaBootstrapServers(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class))) {
            List<TopicPartition> partitions = consumer.partitionsFor(kit.topic + ".DLT").stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            await().atMost(OutcomesTestKit.PATIENCE).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(letters::add);
                return letters.size() >= expected;
            });
        }
        letters.sort((a, b) -> Long.compare(Long.parseLong(header(a, DeadLetters.ORIGINAL_OFFSET)),
                Long.parseLong(header(b, DeadLetters.ORIGINAL_OFFSET))));
        return letters;
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
