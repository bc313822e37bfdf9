package dev.meridian.practice.publishing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meridian.embedded.EmbeddedKafka;
import dev.meridian.events.envelope.CloudEventsKafkaCodec;
import dev.meridian.events.envelope.EventEnvelope;
import dev.meridian.practice.PracticeServiceApplication;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import dev.meridian.events.ClinicEvent;
import dev.meridian.events.EmotionalPhase;
import dev.meridian.events.Exercise;
import dev.meridian.events.Intensity;
import dev.meridian.events.Muscle;
import dev.meridian.events.OnsetTrigger;
import dev.meridian.events.PainLocation;
import dev.meridian.events.Side;
import dev.meridian.events.TraumaRelated;
import dev.meridian.practice.course.AssignHomework;
import dev.meridian.practice.course.ScheduleSession;
import dev.meridian.practice.patient.OpenTreatmentCourse;
import dev.meridian.practice.patient.RegisterPatient;
import dev.meridian.practice.patient.UpdatePatientContact;
import dev.meridian.practice.session.CompleteSession;
import dev.meridian.practice.session.NoteEmotionalResponse;
import dev.meridian.practice.session.ReleasePsoas;
import dev.meridian.practice.session.RetainNeedles;
import dev.meridian.practice.session.StartSession;
import java.time.Instant;
import java.time.LocalDate;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * The publisher against the real embedded broker and wire-protocol server: events appended to the event store (as
 * the aggregates append them) arrive on a topic of this class's own, in this class's own database.
 */
@SpringBootTest(classes = {PracticeServiceApplication.class, ClinicEventsPublisherTest.SwitchableFilter.class},
        properties = {
                "meridian.publisher.send-timeout=PT3S",
                "meridian.publisher.retry-interval=PT0.5S",
                "logging.level.org.apache.kafka=WARN",
                "logging.level.kafka=WARN",
                "logging.level.state.change.logger=WARN"})
@AutoConfigureMockMvc
class ClinicEventsPublisherTest {

    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final String TOPIC = "publisher-test-" + RUN;
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @DynamicPropertySource
    static void isolate(DynamicPropertyRegistry registry) {
        registry.add("spring.data.mongodb.database", () -> "publisher_test_" + RUN);
        registry.add("meridian.kafka.topic", () -> TOPIC);
    }

    @Autowired
    EventStore eventStore;
    @Autowired
    CommandGateway commands;
    @Autowired
    EventProcessingConfiguration processing;
    @Autowired
    SwitchableFilter filter;
    @Autowired
    MeterRegistry meters;
    @Autowired
    MockMvc http;

    /** Internal endpoints take service tokens (docs/security.md). */
    static final String SERVICE_TOKEN = "Bearer " + dev.meridian.practice.testing.TestTokens.service();
    @Autowired
    ObjectMapper json;
    @Value("${spring.kafka.bootstrap-servers}")
    String bootstrapServers;

    TopicReader topic;

    @BeforeEach
    void openTopic() {
        // Make sure the topic exists before reading it, whichever test runs first.
        PatientJourney warmUp = new PatientJourney();
        warmUp.appendPatientAndCourse(eventStore);
        topic = new TopicReader(bootstrapServers, TOPIC);
    }

    @AfterEach
    void closeTopic() {
        filter.publishAll();
        topic.close();
    }

    @Test
    void everyAppendedEventArrivesOnceWithItsKeyHeadersAndBodyAndNoPersonalData() throws Exception {
        PatientJourney journey = new PatientJourney();
        List<DomainEventMessage<?>> stored = journey.appendAll(eventStore);

        List<ConsumerRecord<String, byte[]>> records = awaitRecords(journey, r -> r.size() >= stored.size());

        assertThat(records).hasSize(stored.size());
        assertThat(records).extracting(r -> TopicReader.header(r, CloudEventsKafkaCodec.ID))
                .containsExactlyInAnyOrderElementsOf(stored.stream().map(DomainEventMessage::getIdentifier).toList());
        for (DomainEventMessage<?> message : stored) {
            ConsumerRecord<String, byte[]> record = records.stream()
                    .filter(r -> message.getIdentifier().equals(TopicReader.header(r, CloudEventsKafkaCodec.ID)))
                    .findFirst().orElseThrow();
            assertThat(record.key()).isEqualTo(journey.patientId);
            assertThat(TopicReader.header(record, CloudEventsKafkaCodec.SPEC_VERSION)).isEqualTo("1.0");
            assertThat(TopicReader.header(record, CloudEventsKafkaCodec.SOURCE)).isEqualTo("/meridian/practice-service");
            assertThat(TopicReader.header(record, CloudEventsKafkaCodec.SUBJECT)).isEqualTo(message.getAggregateIdentifier());
            assertThat(TopicReader.header(record, CloudEventsKafkaCodec.AGGREGATE_TYPE)).isEqualTo(message.getType());
            assertThat(TopicReader.header(record, CloudEventsKafkaCodec.AGGREGATE_SEQUENCE))
                    .isEqualTo(Long.toString(message.getSequenceNumber()));
            assertThat(TopicReader.header(record, CloudEventsKafkaCodec.SCHEMA_VERSION)).isEqualTo("1");
            assertThat(TopicReader.header(record, CloudEventsKafkaCodec.CONTENT_TYPE)).isEqualTo("application/json");
            EventEnvelope envelope = topic.decode(record);
            assertThat(envelope.event()).isEqualTo(
                    ((ClinicEvent) message.getPayload()).withoutPersonalData());
        }
        assertThat(TopicReader.header(records.get(0), CloudEventsKafkaCodec.TYPE)).startsWith("meridian.");
        assertNoPersonalData(records);
        assertThat(meters.counter("meridian.publisher.events.published").count()).isGreaterThanOrEqualTo(stored.size());
        await().atMost(PATIENCE).until(() -> meters.get("meridian.publisher.lag").timeGauge().value() == 0);
    }

    @Test
    void theEventsOfRealCommandsArriveInTheirStreamsWithoutPersonalData() {
        String patientId = UUID.randomUUID().toString();
        String courseId = UUID.randomUUID().toString();
        String sessionId = UUID.randomUUID().toString();
        commands.sendAndWait(new RegisterPatient(patientId, "loc-harbour", PatientJourney.GIVEN_NAME,
                PatientJourney.FAMILY_NAME, PatientJourney.BIRTH_DATE, PatientJourney.EMAIL, PatientJourney.PHONE));
        commands.sendAndWait(new UpdatePatientContact(patientId, PatientJourney.NEW_EMAIL, PatientJourney.PHONE));
        commands.sendAndWait(new OpenTreatmentCourse(patientId, courseId, "loc-harbour", "pr-0042",
                PainLocation.CENTRAL_LUMBAR, LocalDate.now().minusMonths(4), OnsetTrigger.LIFTING, 7, null));
        commands.sendAndWait(new AssignHomework(courseId, List.of(Exercise.PSOAS_STRETCH), PatientJourney.HOMEWORK_NOTE));
        commands.sendAndWait(new ScheduleSession(courseId, sessionId, "pr-0042", Instant.now().plusSeconds(3600)));
        commands.sendAndWait(new StartSession(sessionId, 7));
        commands.sendAndWait(new ReleasePsoas(sessionId, Side.LEFT, true, 3));
        commands.sendAndWait(new RetainNeedles(sessionId, List.of(Muscle.QUADRATUS_LUMBORUM), 6, 25));
        commands.sendAndWait(new NoteEmotionalResponse(sessionId, EmotionalPhase.DURING_RELEASE, Intensity.MILD,
                TraumaRelated.UNKNOWN, PatientJourney.PRIVATE_NOTE));
        commands.sendAndWait(new CompleteSession(sessionId, 2));

        List<String> aggregates = List.of(patientId, courseId, sessionId);
        await().atMost(PATIENCE).pollInSameThread().untilAsserted(() -> assertThat(
                topic.sequencesByAggregate(topic.pollFor(aggregates))).isEqualTo(Map.of(
                patientId, Set.of(0L, 1L), courseId, Set.of(0L, 1L), sessionId, Set.of(0L, 1L, 2L, 3L, 4L, 5L))));
        List<ConsumerRecord<String, byte[]>> records = topic.pollFor(aggregates);
        assertThat(records).allSatisfy(r -> assertThat(r.key()).isEqualTo(patientId));
        assertThat(records).filteredOn(TopicReader.withSubject(sessionId))
                .extracting(r -> TopicReader.header(r, CloudEventsKafkaCodec.AGGREGATE_TYPE)).containsOnly("Session");
        assertNoPersonalData(records);
    }

    @Test
    void eventsAppendedWhileTheBrokerIsDownArriveOnceItIsBack() {
        assumeTrue(bootstrapServers.equals(EmbeddedKafka.bootstrapServers()),
                "stopping the broker needs the embedded one");
        PatientJourney before = new PatientJourney();
        before.appendPatientAndCourse(eventStore);
        awaitRecords(before, r -> r.size() >= 4);

        double failuresBefore = meters.counter("meridian.publisher.failures").count();
        List<PatientJourney> duringOutage = new ArrayList<>();
        EmbeddedKafka.stop();
        try {
            for (int i = 0; i < 3; i++) {
                PatientJourney journey = new PatientJourney();
                journey.appendAll(eventStore);
                duringOutage.add(journey);
            }
            // Commands keep arriving while the publisher fails and retries.
            await().atMost(PATIENCE).until(() -> meters.counter("meridian.publisher.failures").count() > failuresBefore);
            before.appendSession(eventStore);
            PatientJourney late = new PatientJourney();
            late.appendAll(eventStore);
            duringOutage.add(late);
        } finally {
            EmbeddedKafka.start();
        }

        List<PatientJourney> all = new ArrayList<>(duringOutage);
        all.add(before);
        for (PatientJourney journey : all) {
            assertEveryEventArrivesWithoutGaps(journey);
        }
    }

    @Test
    void aRestartedPublisherMissesNothing() throws Exception {
        StreamingEventProcessor processor = processing
                .eventProcessor(ClinicEventsPublisher.PROCESSOR_NAME, StreamingEventProcessor.class)
                .orElseThrow();
        PatientJourney first = new PatientJourney();
        first.appendAll(eventStore);
        processor.shutdownAsync().get(30, TimeUnit.SECONDS);
        assertThat(processor.isRunning()).isFalse();
        PatientJourney whileStopped = new PatientJourney();
        whileStopped.appendAll(eventStore);

        processor.start();

        assertEveryEventArrivesWithoutGaps(first);
        assertEveryEventArrivesWithoutGaps(whileStopped);
    }

    @Test
    void republishSendsEveryEventOfTheStreamAgainWithTheSameIdsAndSequences() throws Exception {
        PatientJourney journey = new PatientJourney();
        List<DomainEventMessage<?>> stored = journey.appendAll(eventStore);
        List<DomainEventMessage<?>> session = stored.stream()
                .filter(m -> m.getAggregateIdentifier().equals(journey.sessionId)).toList();
        awaitRecords(journey, r -> r.size() >= stored.size());

        http.perform(post("/internal/republish").header("Authorization", SERVICE_TOKEN).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"aggregateIds\":[\"" + journey.sessionId + "\"]}"))
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.aggregates").value(1))
                .andExpect(jsonPath("$.events").value(session.size()));

        List<ConsumerRecord<String, byte[]>> sessionRecords = awaitRecords(journey,
                r -> r.stream().filter(TopicReader.withSubject(journey.sessionId)).count() >= 2L * session.size())
                .stream().filter(TopicReader.withSubject(journey.sessionId)).toList();
        Map<String, List<String>> sequencesById = sessionRecords.stream().collect(Collectors.groupingBy(
                r -> TopicReader.header(r, CloudEventsKafkaCodec.ID),
                Collectors.mapping(r -> TopicReader.header(r, CloudEventsKafkaCodec.AGGREGATE_SEQUENCE),
                        Collectors.toList())));
        assertThat(sequencesById).hasSize(session.size());
        for (DomainEventMessage<?> message : session) {
            assertThat(sequencesById.get(message.getIdentifier()))
                    .containsExactly(Long.toString(message.getSequenceNumber()),
                            Long.toString(message.getSequenceNumber()));
        }
        assertThat(meters.counter("meridian.publisher.events.republished").count()).isGreaterThanOrEqualTo(session.size());
    }

    @Test
    void republishRefusesARequestWithoutAggregates() throws Exception {
        http.perform(post("/internal/republish").header("Authorization", SERVICE_TOKEN).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"aggregateIds\":[]}"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
    }

    @Test
    void streamsRefuseAnUnknownAggregateType() throws Exception {
        http.perform(get("/internal/streams").header("Authorization", SERVICE_TOKEN).param("aggregateType", "Invoice"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
    }

    @Test
    void theInternalEndpointsAreDocumentedInOpenApi() throws Exception {
        http.perform(get("/v3/api-docs"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.paths['/internal/republish'].post").exists())
                .andExpect(jsonPath("$.paths['/internal/streams'].get").exists())
                .andExpect(jsonPath("$.paths['/internal/streams/changes'].get").exists());
    }

    @Test
    void streamChangesReportTheStreamsWithEventsSinceTheInstantWithTheirLastSequenceAndCourse() throws Exception {
        PatientJourney earlier = new PatientJourney();
        earlier.appendPatientAndCourse(eventStore);
        Instant since = nextMillisecond();
        earlier.appendSession(eventStore);
        PatientJourney later = new PatientJourney();
        List<DomainEventMessage<?>> laterEvents = later.appendAll(eventStore);

        String body = changesBody(since.toString(), null);
        JsonNode changes = json.readTree(body);

        assertThat(changes.get("complete").asBoolean()).isTrue();
        // The stored timestamp of the last event read: milliseconds, as the store keeps them.
        assertThat(Instant.parse(changes.get("until").asText())).isEqualTo(
                laterEvents.get(laterEvents.size() - 1).getTimestamp().truncatedTo(ChronoUnit.MILLIS));
        Map<String, JsonNode> streams = byAggregateId(changes);
        // The earlier patient's and course's events all are before 'since'; its session's are after.
        assertThat(streams.keySet()).containsExactlyInAnyOrder(
                later.patientId, later.courseId, later.sessionId, earlier.sessionId);
        assertThat(changes.get("streams")).extracting(s -> s.get("aggregateId").asText()).isSorted();
        assertThat(json.convertValue(streams.get(later.patientId), Map.class)).isEqualTo(Map.of(
                "aggregateType", "Patient", "aggregateId", later.patientId, "lastSequence", 1));
        assertThat(json.convertValue(streams.get(later.courseId), Map.class)).isEqualTo(Map.of(
                "aggregateType", "TreatmentCourse", "aggregateId", later.courseId, "lastSequence", 1,
                "courseId", later.courseId));
        assertThat(json.convertValue(streams.get(later.sessionId), Map.class)).isEqualTo(Map.of(
                "aggregateType", "Session", "aggregateId", later.sessionId, "lastSequence", 5,
                "courseId", later.courseId));
        assertThat(json.convertValue(streams.get(earlier.sessionId), Map.class)).isEqualTo(Map.of(
                "aggregateType", "Session", "aggregateId", earlier.sessionId, "lastSequence", 5,
                "courseId", earlier.courseId));
        assertThat(body).doesNotContain(PatientJourney.PERSONAL_STRINGS);

        JsonNode none = json.readTree(changesBody(
                Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS).toString(), null));
        assertThat(none.get("streams")).isEmpty();
        assertThat(none.get("complete").asBoolean()).isTrue();
        assertThat(none.has("until")).isFalse();
    }

    @Test
    void streamChangesComeInPagesOfEventsThatFollowingUntilMergesIntoTheWholeSet() throws Exception {
        PatientJourney journey = new PatientJourney();
        Instant since = nextMillisecond();
        journey.appendPatientAndCourse(eventStore);
        // At most the 6 session events share a millisecond, fewer than a page of 7: every page moves on.
        nextMillisecond();
        journey.appendSession(eventStore);

        JsonNode first = json.readTree(changesBody(since.toString(), 7));
        assertThat(first.get("complete").asBoolean()).isFalse();
        // The 4 patient and course events, then the session's first 3.
        assertThat(byAggregateId(first).get(journey.sessionId).get("lastSequence").asLong()).isEqualTo(2);

        Map<String, JsonNode> merged = byAggregateId(first);
        JsonNode page = first;
        int pages = 1;
        while (!page.get("complete").asBoolean()) {
            assertThat(pages).as("pages").isLessThan(5);
            page = json.readTree(changesBody(page.get("until").asText(), 7));
            pages++;
            // Pages overlap at their boundary instant: the higher sequence wins.
            byAggregateId(page).forEach((id, stream) -> merged.merge(id, stream, (before, now) ->
                    now.get("lastSequence").asLong() >= before.get("lastSequence").asLong() ? now : before));
        }
        assertThat(merged.keySet()).containsExactlyInAnyOrderElementsOf(journey.aggregateIds());
        assertThat(merged.get(journey.patientId).get("lastSequence").asLong()).isEqualTo(1);
        assertThat(merged.get(journey.courseId).get("lastSequence").asLong()).isEqualTo(1);
        assertThat(merged.get(journey.sessionId).get("lastSequence").asLong()).isEqualTo(5);
        assertThat(merged.get(journey.sessionId).get("courseId").asText()).isEqualTo(journey.courseId);
    }

    @Test
    void streamChangesRefuseAMissingOrMalformedSinceAndALimitOutOfRange() throws Exception {
        http.perform(get("/internal/streams/changes").header("Authorization", SERVICE_TOKEN))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.detail").value(containsString("since")))
                .andExpect(jsonPath("$.errors[0].field").value("since"));
        for (String since : List.of("yesterday", "2026-12-02T20:00:00", "1796328000000")) {
            http.perform(get("/internal/streams/changes").header("Authorization", SERVICE_TOKEN).param("since", since))
                    .andExpect(status().isBadRequest())
                    .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                    .andExpect(jsonPath("$.detail").value(containsString("since")))
                    .andExpect(jsonPath("$.errors[0].field").value("since"));
        }
        for (String limit : List.of("0", "100001")) {
            http.perform(get("/internal/streams/changes").header("Authorization", SERVICE_TOKEN)
                            .param("since", "2026-12-02T20:00:00Z").param("limit", limit))
                    .andExpect(status().isBadRequest())
                    .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                    .andExpect(jsonPath("$.detail").value(containsString("limit")))
                    .andExpect(jsonPath("$.errors[0].field").value("limit"));
        }
    }

    @Test
    void streamsReportTheLastSequenceOfEveryAggregate() throws Exception {
        PatientJourney journey = new PatientJourney();
        journey.appendAll(eventStore);

        String body = http.perform(get("/internal/streams").header("Authorization", SERVICE_TOKEN))
                .andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        JsonNode streams = json.readTree(body);
        assertThat(entry(streams, journey.patientId)).isEqualTo(Map.of(
                "aggregateType", "Patient", "aggregateId", journey.patientId, "lastSequence", 1L));
        assertThat(entry(streams, journey.courseId)).isEqualTo(Map.of(
                "aggregateType", "TreatmentCourse", "aggregateId", journey.courseId, "lastSequence", 1L));
        assertThat(entry(streams, journey.sessionId)).isEqualTo(Map.of(
                "aggregateType", "Session", "aggregateId", journey.sessionId, "lastSequence", 5L));

        JsonNode sessions = json.readTree(http.perform(get("/internal/streams").header("Authorization", SERVICE_TOKEN).param("aggregateType", "Session"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8));
        assertThat(sessions).isNotEmpty().allSatisfy(s -> assertThat(s.get("aggregateType").asText()).isEqualTo("Session"));

        JsonNode firstPage = json.readTree(http.perform(get("/internal/streams").header("Authorization", SERVICE_TOKEN).param("limit", "2"))
                .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8));
        JsonNode nextPage = json.readTree(http.perform(get("/internal/streams").header("Authorization", SERVICE_TOKEN)
                        .param("after", firstPage.get(1).get("aggregateId").asText()).param("limit", "2"))
                .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8));
        assertThat(firstPage).hasSize(2);
        assertThat(nextPage.get(0)).isEqualTo(streams.get(2));
        // Both filters at once: the sessions after the first one.
        JsonNode laterSessions = json.readTree(http.perform(get("/internal/streams").header("Authorization", SERVICE_TOKEN)
                        .param("aggregateType", "Session").param("after", sessions.get(0).get("aggregateId").asText()))
                .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8));
        assertThat(laterSessions).hasSize(sessions.size() - 1);
        for (int i = 0; i < laterSessions.size(); i++) {
            assertThat(laterSessions.get(i)).isEqualTo(sessions.get(i + 1));
        }
    }

    @Test
    void anEventTheFilterHoldsBackIsSkippedAndRepublicationSendsIt() throws Exception {
        PatientJourney journey = new PatientJourney();
        filter.holdBack(e -> e.aggregateId().equals(journey.sessionId) && e.aggregateSequence() == 2);
        journey.appendAll(eventStore);
        await().atMost(PATIENCE).pollInSameThread().until(() -> {
            Map<String, Set<Long>> seen = topic.sequencesByAggregate(topic.pollFor(journey.aggregateIds()));
            return Set.of(0L, 1L, 3L, 4L, 5L).equals(seen.get(journey.sessionId));
        });

        http.perform(post("/internal/republish").header("Authorization", SERVICE_TOKEN).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"aggregateIds\":[\"" + journey.sessionId + "\"]}"))
                .andExpect(status().isAccepted());

        await().atMost(PATIENCE).pollInSameThread().until(() -> topic.sequencesByAggregate(
                topic.pollFor(journey.aggregateIds())).get(journey.sessionId).contains(2L));
        assertThat(meters.counter("meridian.publisher.events.skipped").count()).isGreaterThanOrEqualTo(1);
    }

    private void assertEveryEventArrivesWithoutGaps(PatientJourney journey) {
        Map<String, Set<Long>> expected = journey.appended().stream().collect(Collectors.groupingBy(
                DomainEventMessage::getAggregateIdentifier, Collectors.mapping(DomainEventMessage::getSequenceNumber,
                        Collectors.toSet())));
        await().atMost(PATIENCE).pollInSameThread().untilAsserted(() -> {
            Map<String, Set<Long>> seen = topic.sequencesByAggregate(topic.pollFor(journey.aggregateIds()));
            assertThat(seen).isEqualTo(expected);
        });
        expected.values().forEach(sequences -> assertThat(sequences)
                .containsExactlyInAnyOrderElementsOf(LongStream.range(0, sequences.size()).boxed().toList()));
    }

    private List<ConsumerRecord<String, byte[]>> awaitRecords(PatientJourney journey,
                                                              Predicate<List<ConsumerRecord<String, byte[]>>> done) {
        List<List<ConsumerRecord<String, byte[]>>> last = new ArrayList<>();
        await().atMost(PATIENCE).pollInSameThread().until(() -> {
            List<ConsumerRecord<String, byte[]>> records = topic.pollFor(journey.aggregateIds());
            last.clear();
            last.add(records);
            return done.test(records);
        });
        return last.get(0);
    }

    /**
     * An instant after every event stored so far, once the clock has reached it: the store keeps milliseconds, and
     * an event stored from now on is at or after it.
     */
    private static Instant nextMillisecond() {
        Instant next = Instant.now().truncatedTo(ChronoUnit.MILLIS).plusMillis(1);
        await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(1))
                .until(() -> !Instant.now().isBefore(next));
        return next;
    }

    private String changesBody(String since, Integer limit) throws Exception {
        MockHttpServletRequestBuilder request = get("/internal/streams/changes")
                .header("Authorization", SERVICE_TOKEN).param("since", since);
        if (limit != null) {
            request.param("limit", limit.toString());
        }
        return http.perform(request)
                .andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
                .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
    }

    private static Map<String, JsonNode> byAggregateId(JsonNode changes) {
        Map<String, JsonNode> streams = new TreeMap<>();
        changes.get("streams").forEach(stream -> streams.put(stream.get("aggregateId").asText(), stream));
        return streams;
    }

    private static Map<String, Object> entry(JsonNode streams, String aggregateId) {
        for (JsonNode stream : streams) {
            if (stream.get("aggregateId").asText().equals(aggregateId)) {
                return Map.of("aggregateType", stream.get("aggregateType").asText(),
                        "aggregateId", stream.get("aggregateId").asText(),
                        "lastSequence", stream.get("lastSequence").asLong());
            }
        }
        throw new AssertionError("No stream for " + aggregateId + " in " + streams);
    }

    private static void assertNoPersonalData(List<ConsumerRecord<String, byte[]>> records) {
        for (ConsumerRecord<String, byte[]> record : records) {
            StringBuilder raw = new StringBuilder(record.key());
            for (Header header : record.headers()) {
                raw.append(header.key()).append(new String(header.value(), StandardCharsets.UTF_8));
            }
            raw.append(new String(record.value(), StandardCharsets.UTF_8));
            for (String personal : PatientJourney.PERSONAL_STRINGS) {
                assertThat(raw.toString()).doesNotContain(personal);
            }
        }
    }

    /** The test seam in use: publishes everything unless a test holds an event back. */
    @TestConfiguration(proxyBeanMethods = false)
    static class SwitchableFilter {

        private volatile Predicate<EventEnvelope> heldBack = e -> false;

        @Bean
        @Primary
        PublicationFilter switchablePublicationFilter() {
            return envelope -> !heldBack.test(envelope);
        }

        void holdBack(Predicate<EventEnvelope> events) {
            heldBack = events;
        }

        void publishAll() {
            heldBack = e -> false;
        }
    }
}
