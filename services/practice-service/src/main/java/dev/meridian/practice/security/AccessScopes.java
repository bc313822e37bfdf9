package dev.meridian.practice.security;

import static com.mongodb.client.model.Filters.eq;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import dev.meridian.events.PatientRegistered;
import dev.meridian.events.PatientTransferred;
import dev.meridian.events.SessionScheduled;
import dev.meridian.events.TreatmentCourseOpened;
import dev.meridian.practice.patient.PatientView;
import dev.meridian.practice.patient.PatientViews;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * Where each patient, course and session lives, for authorization: collection {@value #COLLECTION}, one document per
 * record by {@code _id}, holding ids and location ids only.
 *
 * <p>It must be current the moment a command returns (a practitioner opens a course right after registering the
 * patient), which the practice views, fed by a streaming processor, are not. So it is written by a
 * <b>subscribing</b> processor, in the thread and unit of work of the command that stored the event. When a
 * document is missing (data stored before this existed, or a write that failed), it is rebuilt from the event
 * store on first use; a patient's course locations then come from the patient view.
 *
 * <p>Courses' and sessions' scopes are kept in memory once read ({@code meridian.access.settled-scopes}, the most
 * recently used; 0 keeps none): their location and patient are set when they are opened or scheduled and no event
 * changes them, so a kept scope is never stale, on any node. A patient's scope changes (a course at another
 * location, a transfer), so it is read every time. Why keep any: the check ran before every staff request, and its
 * read was 8 % of practice-service's request threads under the benchmark's load (docs/benchmarks).
 */
@Component
@ProcessingGroup(AccessScopes.PROCESSING_GROUP)
public class AccessScopes {

    public static final String PROCESSING_GROUP = "access-scopes";
    public static final String COLLECTION = "access_scopes";

    /** What authorization needs to know of one record. */
    public record Scope(String kind, String id, String patientId, Set<String> locations) {
    }

    private final MongoCollection<Document> scopes;
    private final EventStore eventStore;
    private final PatientViews patientViews;
    private final Map<String, Scope> settled;

    public AccessScopes(MongoTemplate mongo, EventStore eventStore, PatientViews patientViews,
                        @Value("${meridian.access.settled-scopes:10000}") int settledScopes) {
        this.scopes = mongo.getCollection(COLLECTION);
        this.eventStore = eventStore;
        this.patientViews = patientViews;
        this.settled = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Scope> eldest) {
                return size() > settledScopes;
            }
        });
    }

    @EventHandler
    void on(PatientRegistered event) {
        upsert(event.patientId(), "Patient", event.patientId(), Updates.set("home", event.locationId()));
    }

    @EventHandler
    void on(PatientTransferred event) {
        upsert(event.patientId(), "Patient", event.patientId(), Updates.set("home", event.locationId()));
    }

    @EventHandler
    void on(TreatmentCourseOpened event) {
        upsert(event.courseId(), "TreatmentCourse", event.patientId(), Updates.set("location", event.locationId()));
        upsert(event.patientId(), "Patient", event.patientId(),
                Updates.addToSet("courseLocations", event.locationId()));
    }

    @EventHandler
    void on(SessionScheduled event) {
        upsert(event.sessionId(), "Session", event.patientId(), Updates.combine(
                Updates.set("location", event.locationId()), Updates.set("courseId", event.courseId())));
    }

    /**
     * @param kind the aggregate type ({@code Patient}, {@code TreatmentCourse}, {@code Session})
     * @return empty when no such record of that kind exists
     */
    public Optional<Scope> find(String kind, String id) {
        Scope kept = settled.get(id);
        if (kept != null) {
            return kept.kind().equals(kind) ? Optional.of(kept) : Optional.empty();
        }
        Document document = scopes.find(eq("_id", id)).first();
        if (document == null || !document.containsKey("kind")) {
            document = rebuild(id);
        }
        if (document == null || !kind.equals(document.getString("kind"))) {
            return Optional.empty();
        }
        Set<String> locations = new LinkedHashSet<>();
        addIfPresent(locations, document.getString("home"));
        addIfPresent(locations, document.getString("location"));
        List<String> courseLocations = document.getList("courseLocations", String.class);
        if (courseLocations != null) {
            locations.addAll(courseLocations);
        }
        Scope scope = new Scope(kind, id, document.getString("patientId"), Collections.unmodifiableSet(locations));
        if (!"Patient".equals(kind)) {
            settled.put(id, scope);
        }
        return Optional.of(scope);
    }

    private Document rebuild(String id) {
        List<DomainEventMessage<?>> events = new ArrayList<>();
        eventStore.readEvents(id).asStream().forEach(events::add);
        if (events.isEmpty()) {
            return null;
        }
        for (DomainEventMessage<?> message : events) {
            Object payload = message.getPayload();
            if (payload instanceof PatientRegistered e) {
                on(e);
            } else if (payload instanceof PatientTransferred e) {
                on(e);
            } else if (payload instanceof TreatmentCourseOpened e && e.courseId().equals(id)) {
                upsert(e.courseId(), "TreatmentCourse", e.patientId(), Updates.set("location", e.locationId()));
            } else if (payload instanceof SessionScheduled e && e.sessionId().equals(id)) {
                on(e);
            }
        }
        if (events.get(0).getPayload() instanceof PatientRegistered registered) {
            patientViews.find(registered.patientId()).map(PatientView::getCourses).ifPresent(courses ->
                    courses.forEach(course -> upsert(id, "Patient", id,
                            Updates.addToSet("courseLocations", course.getLocationId()))));
        }
        return scopes.find(eq("_id", id)).first();
    }

    private void upsert(String id, String kind, String patientId, Bson change) {
        scopes.updateOne(eq("_id", id), Updates.combine(Updates.set("kind", kind), Updates.set("patientId", patientId),
                change), new UpdateOptions().upsert(true));
    }

    private static void addIfPresent(Set<String> locations, String location) {
        if (location != null) {
            locations.add(location);
        }
    }
}
