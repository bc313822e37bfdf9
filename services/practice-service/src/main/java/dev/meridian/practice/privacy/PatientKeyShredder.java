package dev.meridian.practice.privacy;

import dev.meridian.events.PatientErased;
import dev.meridian.practice.infrastructure.PracticeViewsProjector;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.stereotype.Component;

/**
 * Destroys the key of every erased patient, from the event store's own record of the erasure. The erase request
 * destroys the key at once after {@code PatientErased} is stored; this handler is the safety net when the service
 * stopped in between: its streaming processor's token moves only after the key is destroyed, so the destruction
 * is retried until it happened. Destroying is idempotent.
 *
 * <p>It runs in the practice views' processor (same token, same retrying error handler, events in order per
 * patient) rather than in a processor of its own: on the embedded MongoDB every processor polls by scanning the
 * events collection, so one more would cost every command.
 */
@Component
@ProcessingGroup(PracticeViewsProjector.PROCESSING_GROUP)
public class PatientKeyShredder {

    private final PatientKeys keys;

    public PatientKeyShredder(PatientKeys keys) {
        this.keys = keys;
    }

    @EventHandler
    public void on(PatientErased event) {
        keys.destroy(event.patientId());
    }
}
