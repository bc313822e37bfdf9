package dev.meridian.practice.patient;

import dev.meridian.events.ClinicEvent;
import dev.meridian.events.PatientContactUpdated;
import dev.meridian.events.PatientErased;
import dev.meridian.events.PatientRegistered;
import dev.meridian.events.PatientTransferred;
import dev.meridian.events.TreatmentCourseClosed;
import dev.meridian.events.TreatmentCourseOpened;
import dev.meridian.practice.infrastructure.StreamPosition;
import dev.meridian.practice.infrastructure.ViewDocuments;
import dev.meridian.practice.infrastructure.ViewUpdater;
import java.util.Optional;
import java.util.function.Consumer;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/** The patient views: one document per patient with their course list, read and written by {@code _id} only. */
@Component
public class PatientViews implements ViewUpdater {

    private final MongoTemplate mongo;
    private final ViewDocuments documents;

    public PatientViews(MongoTemplate mongo, ViewDocuments documents) {
        this.mongo = mongo;
        this.documents = documents;
    }

    public Optional<PatientView> find(String patientId) {
        return Optional.ofNullable(documents.findById(patientId, PatientView.class));
    }

    @Override
    public Class<PatientView> documentType() {
        return PatientView.class;
    }

    @Override
    public String ownStreamType() {
        return "Patient";
    }

    @Override
    public long lastApplied(String patientId) {
        return find(patientId).map(view -> view.lastApplied(patientId)).orElse(-1L);
    }

    @Override
    public void apply(ClinicEvent event, StreamPosition position) {
        if (event instanceof PatientRegistered e) {
            update(e.patientId(), position, view -> view.registered(e.locationId(), e.personal(), e.occurredAt()));
        } else if (event instanceof PatientContactUpdated e) {
            update(e.patientId(), position, view -> view.contactUpdated(
                    e.contact() == null ? null : e.contact().email(),
                    e.contact() == null ? null : e.contact().phone()));
        } else if (event instanceof PatientTransferred e) {
            update(e.patientId(), position, view -> view.transferred(e.locationId()));
        } else if (event instanceof PatientErased e) {
            update(e.patientId(), position, view -> view.erased(e.occurredAt()));
        } else if (event instanceof TreatmentCourseOpened e) {
            update(e.patientId(), position, view -> view.courseOpened(e.courseId(), e.locationId(),
                    e.practitionerId(), e.painLocation(), e.chronicity(), e.occurredAt()));
        } else if (event instanceof TreatmentCourseClosed e) {
            update(e.patientId(), position, view -> view.courseClosed(e.courseId(), e.outcome(), e.occurredAt()));
        }
    }

    @Override
    public void reset() {
        mongo.dropCollection(PatientView.class);
    }

    private void update(String patientId, StreamPosition position, Consumer<PatientView> change) {
        PatientView view = find(patientId).orElseGet(() -> new PatientView(patientId));
        if (view.hasApplied(position)) {
            return;
        }
        change.accept(view);
        view.markApplied(position);
        documents.save(patientId, view);
    }
}
