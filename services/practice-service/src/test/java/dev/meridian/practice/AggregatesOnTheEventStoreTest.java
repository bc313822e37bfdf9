package dev.meridian.practice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.meridian.events.AggregateType;
import dev.meridian.events.CourseOutcome;
import dev.meridian.events.EmotionalPhase;
import dev.meridian.events.Exercise;
import dev.meridian.events.Intensity;
import dev.meridian.events.TraumaRelated;
import dev.meridian.events.OnsetTrigger;
import dev.meridian.events.PainLocation;
import dev.meridian.events.SessionScheduled;
import dev.meridian.events.SessionStarted;
import dev.meridian.events.TreatmentCourseOpened;
import dev.meridian.practice.course.AssignHomework;
import dev.meridian.practice.course.CloseTreatmentCourse;
import dev.meridian.practice.course.CourseClosed;
import dev.meridian.practice.course.ScheduleSession;
import dev.meridian.practice.course.TreatmentCourse;
import dev.meridian.practice.patient.OpenTreatmentCourse;
import dev.meridian.practice.patient.RegisterPatient;
import dev.meridian.practice.patient.Patient;
import dev.meridian.practice.patient.TransferPatient;
import dev.meridian.practice.session.NoteEmotionalResponse;
import dev.meridian.practice.session.Session;
import dev.meridian.practice.session.StartSession;
import dev.meridian.practice.shared.InvalidCommandValue;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.extensions.mongo.MongoTemplate;
import org.axonframework.extensions.mongo.eventsourcing.eventstore.MongoEventStorageEngine;
import org.axonframework.extensions.mongo.eventsourcing.eventstore.MongoTrackingToken;
import org.axonframework.extensions.mongo.eventsourcing.eventstore.documentperevent.DocumentPerEventStorageStrategy;
import org.axonframework.extensions.mongo.eventsourcing.eventstore.documentperevent.EventEntryConfiguration;
import org.axonframework.serialization.Serializer;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The aggregates in the real application on the MongoDB event store: the patient creates the course and the course
 * creates the session through Spring's repository provider, each stream under the aggregate type name the
 * publisher maps to {@link AggregateType}; refusals reach the sender as the domain exception; snapshots of an
 * aggregate survive the real serializer.
 */
@SpringBootTest(classes = PracticeServiceApplication.class, webEnvironment = SpringBootTest.WebEnvironment.NONE)
class AggregatesOnTheEventStoreTest {

    /** AxonMongoConfiguration snapshots every 50 events. */
    static final int SNAPSHOT_AFTER_EVENTS = 50;

    @DynamicPropertySource
    static void freshDatabase(DynamicPropertyRegistry registry) {
        registry.add("spring.data.mongodb.database", () -> "practice_aggregates_" + System.nanoTime());
    }

    @Autowired
    CommandGateway commands;
    @Autowired
    EventStore eventStore;
    @Autowired
    EventStorageEngine storage;
    @Autowired
    MongoTemplate axonMongoTemplate;
    @Autowired
    @Qualifier("eventSerializer")
    Serializer eventSerializer;
    @Value("${meridian.event-store.look-back}")
    Duration lookBack;

    private final String patientId = UUID.randomUUID().toString();
    private final String courseId = UUID.randomUUID().toString();
    private final String sessionId = UUID.randomUUID().toString();

    private void openCourse() {
        commands.sendAndWait(new RegisterPatient(patientId, "loc-harbour", "Ada", "Moreau",
                LocalDate.of(1980, 5, 17), null, null));
        commands.sendAndWait(new OpenTreatmentCourse(patientId, courseId, "loc-harbour", "pr-0042",
                PainLocation.CENTRAL_LUMBAR, LocalDate.now().minusMonths(4), OnsetTrigger.LIFTING, 7, null));
    }

    private List<? extends DomainEventMessage<?>> stream(String aggregateId) {
        return eventStore.readEvents(aggregateId).asStream().toList();
    }

    @Test
    void the_patient_creates_the_course_and_the_course_creates_the_session_each_in_its_own_stream() {
        Instant before = Instant.now();
        openCourse();
        commands.sendAndWait(new ScheduleSession(courseId, sessionId, "pr-0042", Instant.now().plusSeconds(3600)));
        commands.sendAndWait(new StartSession(sessionId, 6));

        assertThat(stream(patientId)).hasSize(1)
                .allSatisfy(e -> assertThat(e.getType()).isEqualTo(AggregateType.PATIENT.axonName()));

        List<? extends DomainEventMessage<?>> course = stream(courseId);
        assertThat(course).singleElement().satisfies(e -> {
            assertThat(e.getType()).isEqualTo(AggregateType.TREATMENT_COURSE.axonName());
            assertThat(e.getSequenceNumber()).isZero();
            TreatmentCourseOpened opened = (TreatmentCourseOpened) e.getPayload();
            assertThat(opened.patientId()).isEqualTo(patientId);
            assertThat(opened.occurredAt()).isBetween(before, Instant.now());
        });

        List<? extends DomainEventMessage<?>> session = stream(sessionId);
        assertThat(session).extracting(DomainEventMessage::getType)
                .containsExactly(AggregateType.SESSION.axonName(), AggregateType.SESSION.axonName());
        assertThat(session).extracting(DomainEventMessage::getSequenceNumber).containsExactly(0L, 1L);
        assertThat(session.get(0).getPayload()).isInstanceOfSatisfying(SessionScheduled.class, scheduled -> {
            assertThat(scheduled.courseId()).isEqualTo(courseId);
            assertThat(scheduled.patientId()).isEqualTo(patientId);
            assertThat(scheduled.locationId()).isEqualTo("loc-harbour");
        });
        assertThat(session.get(1).getPayload()).isInstanceOf(SessionStarted.class);
    }

    @Test
    void a_refusal_reaches_the_sender_as_the_domain_exception_and_writes_nothing() {
        openCourse();
        commands.sendAndWait(new CloseTreatmentCourse(courseId, CourseOutcome.IMPROVED, 3));

        assertThatThrownBy(() -> commands.sendAndWait(
                new ScheduleSession(courseId, sessionId, "pr-0042", Instant.now())))
                .isInstanceOf(CourseClosed.class);
        assertThatThrownBy(() -> commands.sendAndWait(
                new CloseTreatmentCourse(courseId, CourseOutcome.RESOLVED, 11)))
                .isInstanceOfSatisfying(InvalidCommandValue.class,
                        refusal -> assertThat(refusal.field()).isEqualTo("closingPain"));

        assertThat(stream(courseId)).hasSize(2);
        assertThat(stream(sessionId)).isEmpty();
    }

    @Test
    void long_streams_are_snapshotted_and_their_snapshots_keep_the_state() {
        openCourse();
        commands.sendAndWait(new ScheduleSession(courseId, sessionId, "pr-0042", Instant.now()));
        commands.sendAndWait(new StartSession(sessionId, 6));
        for (int i = 0; i < SNAPSHOT_AFTER_EVENTS; i++) {
            commands.sendAndWait(new TransferPatient(patientId, i % 2 == 0 ? "loc-riverside" : "loc-harbour"));
            commands.sendAndWait(new AssignHomework(courseId, List.of(Exercise.PSOAS_STRETCH), null));
            commands.sendAndWait(new NoteEmotionalResponse(sessionId, EmotionalPhase.DURING_RELEASE,
                    Intensity.MILD, TraumaRelated.UNKNOWN, null));
        }

        // Without field access the serializer writes an empty object, which reads back as an aggregate with no id.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(storage.readSnapshot(patientId)).hasValueSatisfying(snapshot ->
                    assertThat(snapshot.getPayload()).isInstanceOf(Patient.class)
                            .hasFieldOrPropertyWithValue("patientId", patientId)
                            .hasFieldOrPropertyWithValue("homeLocationId", "loc-riverside")
                            .hasFieldOrPropertyWithValue("erased", false));
            assertThat(storage.readSnapshot(courseId)).hasValueSatisfying(snapshot ->
                    assertThat(snapshot.getPayload()).isInstanceOf(TreatmentCourse.class)
                            .hasFieldOrPropertyWithValue("courseId", courseId)
                            .hasFieldOrPropertyWithValue("patientId", patientId)
                            .hasFieldOrPropertyWithValue("locationId", "loc-harbour")
                            .hasFieldOrPropertyWithValue("closed", false));
            assertThat(storage.readSnapshot(sessionId)).hasValueSatisfying(snapshot ->
                    assertThat(snapshot.getPayload()).isInstanceOf(Session.class)
                            .hasFieldOrPropertyWithValue("sessionId", sessionId)
                            .hasFieldOrPropertyWithValue("courseId", courseId)
                            .extracting("status").hasToString("STARTED"));
        });
    }

    /**
     * The store's tracking reads (tokens sharing their look-back window, decision 0020) give the events and tokens
     * axon-mongo's own storage strategy gives, here read in batches of 7 so that its tokens cross many reads. Events
     * a few milliseconds apart over more than the look-back time, so windows fill and are trimmed.
     */
    @Test
    void tracking_reads_give_the_tokens_axon_mongo_gives() {
        openCourse();
        Instant first = Instant.now();
        while (Duration.between(first, Instant.now()).compareTo(lookBack.multipliedBy(2)) < 0) {
            commands.sendAndWait(new AssignHomework(courseId, List.of(Exercise.PSOAS_STRETCH), null));
        }
        MongoEventStorageEngine axonMongo = MongoEventStorageEngine.builder()
                .mongoTemplate(axonMongoTemplate)
                .storageStrategy(new DocumentPerEventStorageStrategy(EventEntryConfiguration.getDefault(), lookBack))
                .eventSerializer(eventSerializer)
                .snapshotSerializer(eventSerializer)
                .batchSize(7)
                .build();

        List<? extends TrackedEventMessage<?>> expected = axonMongo.readEvents(null, false).toList();
        List<? extends TrackedEventMessage<?>> read = storage.readEvents(null, false).toList();

        assertThat(read).extracting(TrackedEventMessage::getIdentifier)
                .containsExactlyElementsOf(expected.stream().map(TrackedEventMessage::getIdentifier).toList());
        assertThat(read).extracting(TrackedEventMessage::trackingToken)
                .containsExactlyElementsOf(expected.stream().map(TrackedEventMessage::trackingToken).toList());
        // Windows were filled and trimmed: the last holds more than one event, not every event.
        int lastWindow = ((MongoTrackingToken) expected.get(expected.size() - 1).trackingToken())
                .getTrackedEvents().size();
        assertThat(lastWindow).isGreaterThan(1).isLessThan(expected.size());

        // On from a token of the store's own read, as a processor goes on from the last token it handled.
        int middle = read.size() / 2;
        assertThat(storage.readEvents(read.get(middle).trackingToken(), false).toList())
                .extracting(TrackedEventMessage::trackingToken)
                .containsExactlyElementsOf(axonMongo.readEvents(expected.get(middle).trackingToken(), false)
                        .map(TrackedEventMessage::trackingToken).toList());
    }
}
