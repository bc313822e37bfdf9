package dev.meridian.practice.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meridian.events.ClinicEvent;
import dev.meridian.events.EmotionalPhase;
import dev.meridian.events.EmotionalResponseNoted;
import dev.meridian.events.Intensity;
import dev.meridian.events.TraumaRelated;
import dev.meridian.practice.course.CourseView;
import dev.meridian.practice.infrastructure.PracticeViewsProjector;
import dev.meridian.practice.infrastructure.ViewDocuments;
import dev.meridian.practice.patient.ErasePatient;
import dev.meridian.practice.privacy.PatientKeys;
import dev.meridian.practice.session.SessionView;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.DefaultInterceptorChain;
import org.axonframework.messaging.ResultMessage;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

/**
 * The practice views: erasure, why a replayed or a skipped event cannot make a view wrong, and batches written at
 * their end.
 */
class PracticeViewsTest extends HttpApiTest {

    @Autowired
    CommandGateway gateway;
    @Autowired
    PracticeViewsProjector projector;
    @Autowired
    EventStore eventStore;
    @Autowired
    PatientKeys keys;
    @Autowired
    ViewDocuments documents;

    private String sessionWithNotes(String courseId) {
        String sessionId = startedSession(courseId);
        expectNoContent(api.post("/api/sessions/" + sessionId + "/emotional-responses", Map.of(
                "phase", "AT_PAIN_ONSET", "intensity", "STRONG", "traumaRelated", "YES",
                "note", "Recalled the accident when the pain began")));
        expectNoContent(api.post("/api/courses/" + courseId + "/homework",
                Map.of("exercises", List.of("PSOAS_STRETCH"), "note", "Before bed")));
        return sessionId;
    }

    @Test
    void an_erased_patient_shows_as_erased_without_personal_data_anywhere() {
        String patientId = registerPatient();
        String courseId = openChronicCourse(patientId);
        String sessionId = sessionWithNotes(courseId);
        awaitView("/api/courses/" + courseId, c -> c.path("homework").size() == 1);

        gateway.sendAndWait(new ErasePatient(patientId));
        // Sent straight to the aggregate (not through the erase endpoint, which destroys the key at once), the
        // erasure reaches the key store through the views' processor. Once it has, nothing more is recorded.
        await().atMost(Duration.ofSeconds(30)).until(() -> keys.isDestroyed(patientId));
        assertThat(api.post("/api/sessions/" + sessionId + "/emotional-responses", Map.of(
                "phase", "AFTER_TREATMENT", "intensity", "MILD", "traumaRelated", "NO", "note", "Too late"))
                .status()).isEqualTo(409);
        // Before it had, a note could still be stored after the erasure: the views must not keep its text.
        List<? extends DomainEventMessage<?>> stream = eventStore.readEvents(sessionId).asStream().toList();
        DomainEventMessage<?> last = stream.get(stream.size() - 1);
        projector.on(new EmotionalResponseNoted(sessionId, courseId, patientId, "loc-north",
                EmotionalPhase.AFTER_TREATMENT, Intensity.MILD, TraumaRelated.NO, "Calm again",
                last.getTimestamp()), last.getType(), sessionId, last.getSequenceNumber() + 1);

        JsonNode patient = awaitView("/api/patients/" + patientId, p -> p.path("erased").asBoolean());
        assertThat(patient.has("erasedAt")).isTrue();
        for (String personal : List.of("givenName", "familyName", "birthDate", "email", "phone")) {
            assertThat(patient.has(personal)).as(personal).isFalse();
        }
        assertThat(patient.path("homeLocationId").asText()).isEqualTo("loc-north");
        assertThat(patient.at("/courses/0/courseId").asText()).isEqualTo(courseId);

        JsonNode course = awaitView("/api/courses/" + courseId, c -> c.path("patientErased").asBoolean());
        assertThat(course.at("/homework/0/exercises/0").asText()).isEqualTo("PSOAS_STRETCH");
        assertThat(course.at("/homework/0").has("note")).isFalse();

        JsonNode session = awaitView("/api/sessions/" + sessionId, s -> s.path("emotionalResponses").size() == 2);
        assertThat(session.path("patientErased").asBoolean()).isTrue();
        assertThat(session.path("emotionalResponses").findValues("note")).isEmpty();
        assertThat(session.at("/emotionalResponses/1/phase").asText()).isEqualTo("AFTER_TREATMENT");
        assertThat(mongo.findById(sessionId, Document.class, SessionView.COLLECTION).toJson())
                .doesNotContain("accident", "Calm again", "Too late");
        assertThat(mongo.findById(courseId, Document.class, CourseView.COLLECTION).toJson()).doesNotContain("bed");
    }

    @Test
    void an_event_delivered_again_changes_nothing() {
        String courseId = openChronicCourse(registerPatient());
        String sessionId = sessionWithNotes(courseId);
        String session = "/api/sessions/" + sessionId;
        JsonNode sessionBefore = awaitView(session, s -> s.path("emotionalResponses").size() == 1);
        JsonNode courseBefore = awaitView("/api/courses/" + courseId, c -> c.path("homework").size() == 1
                && "STARTED".equals(c.at("/sessions/0/status").asText()));

        for (String aggregateId : List.of(courseId, sessionId)) {
            replay(eventStore.readEvents(aggregateId, 0).asStream().toList());
        }

        assertThat(api.get(session).json()).isEqualTo(sessionBefore);
        assertThat(api.get("/api/courses/" + courseId).json()).isEqualTo(courseBefore);
    }

    @Test
    void a_skipped_event_is_read_back_from_the_event_store_when_the_next_one_arrives() {
        String courseId = openChronicCourse(registerPatient());
        String sessionId = sessionWithNotes(courseId);
        expectNoContent(api.post("/api/sessions/" + sessionId + "/psoas-release",
                Map.of("side", "BILATERAL", "localTwitchResponse", false, "needleCount", 6)));
        String session = "/api/sessions/" + sessionId;
        JsonNode complete = awaitView(session, s -> s.path("psoasReleases").size() == 1);

        // As if the processor never saw the session's first events (the Mongo store's timestamp tracking can skip
        // an event committed late): the view is gone, and only the last event arrives.
        mongo.remove(Query.query(Criteria.where("_id").is(sessionId)), SessionView.class);
        List<? extends DomainEventMessage<?>> stream = eventStore.readEvents(sessionId, 0).asStream().toList();
        replay(stream.subList(stream.size() - 1, stream.size()));

        assertThat(api.get(session).json()).isEqualTo(complete);
    }

    @Test
    void within_a_batch_of_the_processor_a_view_is_written_once_after_the_last_event() throws Exception {
        String courseId = openChronicCourse(registerPatient());
        String sessionId = sessionWithNotes(courseId);
        String session = "/api/sessions/" + sessionId;
        JsonNode complete = awaitView(session, s -> s.path("emotionalResponses").size() == 1);
        List<? extends DomainEventMessage<?>> stream = eventStore.readEvents(sessionId, 0).asStream().toList();
        mongo.remove(Query.query(Criteria.where("_id").is(sessionId)), SessionView.class);

        // The session's whole stream as one batch of the views' processor, through its interceptor.
        BatchingUnitOfWork<DomainEventMessage<?>> batch = new BatchingUnitOfWork<>(List.copyOf(stream));
        ViewDocuments.WriteAtBatchEnd writeAtBatchEnd = new ViewDocuments.WriteAtBatchEnd(documents);
        List<Boolean> storedWhileHandled = new ArrayList<>();
        ResultMessage<?> result = batch.executeWithResult(() -> new DefaultInterceptorChain<>(batch,
                List.of(writeAtBatchEnd), message -> {
                    replay(List.of(message));
                    storedWhileHandled.add(mongo.findById(sessionId, SessionView.class) != null);
                    return null;
                }).proceed());

        assertThat(result.isExceptional()).as(String.valueOf(result.optionalExceptionResult())).isFalse();
        assertThat(storedWhileHandled).hasSize(stream.size()).containsOnly(false);
        assertThat(api.get(session).json()).isEqualTo(complete);
    }

    @Test
    void a_write_based_on_an_older_read_fails_and_keeps_the_newer_document() {
        String patientId = registerPatient();
        String courseId = openChronicCourse(patientId);
        String sessionId = sessionWithNotes(courseId);
        String session = "/api/sessions/" + sessionId;
        awaitView(session, s -> s.path("emotionalResponses").size() == 1);
        SessionView older = documents.findById(sessionId, SessionView.class);

        // Another writer (the processor, the reconciliation job) applies the stream's next event meanwhile.
        DomainEventMessage<?> last = eventStore.readEvents(sessionId, 0).asStream().reduce((a, b) -> b).orElseThrow();
        projector.on(new EmotionalResponseNoted(sessionId, courseId, patientId, "loc-north",
                EmotionalPhase.AFTER_TREATMENT, Intensity.MILD, TraumaRelated.NO, "Calm again",
                last.getTimestamp()), last.getType(), sessionId, last.getSequenceNumber() + 1);

        assertThatThrownBy(() -> documents.save(sessionId, older))
                .isInstanceOf(OptimisticLockingFailureException.class);
        assertThat(api.get(session).json().path("emotionalResponses")).hasSize(2);
    }

    @Test
    void a_view_stored_before_documents_carried_a_version_is_updated_as_any_other() {
        String courseId = openChronicCourse(registerPatient());
        String sessionId = sessionWithNotes(courseId);
        String session = "/api/sessions/" + sessionId;
        awaitView(session, s -> s.path("emotionalResponses").size() == 1);
        mongo.updateFirst(Query.query(Criteria.where("_id").is(sessionId)), new Update().unset("version"),
                SessionView.class);

        expectNoContent(api.post(session + "/psoas-release",
                Map.of("side", "RIGHT", "localTwitchResponse", false, "needleCount", 3)));

        awaitView(session, s -> s.path("psoasReleases").size() == 1);
        assertThat(mongo.findById(sessionId, Document.class, SessionView.COLLECTION).get("version"))
                .isInstanceOf(Number.class);
    }

    private void replay(List<? extends DomainEventMessage<?>> events) {
        for (DomainEventMessage<?> event : events) {
            projector.on((ClinicEvent) event.getPayload(), event.getType(), event.getAggregateIdentifier(),
                    event.getSequenceNumber());
        }
    }
}
