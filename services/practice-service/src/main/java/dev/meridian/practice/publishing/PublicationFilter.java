package dev.meridian.practice.publishing;

import dev.meridian.events.envelope.EventEnvelope;

/**
 * Decides, per stored event, whether the streaming publisher sends it. In production every event is sent
 * ({@link #PUBLISH_ALL}, the default bean). It exists as a test seam: a test replaces the bean (a {@code @Primary}
 * bean, {@code @TestBean} or {@code @MockitoBean}) to skip one event on purpose and prove that consumers detect and
 * heal the gap. A skipped event is not retried: the processor's token moves past it, as it would past an event the
 * MongoDB event store's tracking missed. Re-publication ({@code POST /internal/republish}) ignores the filter.
 */
@FunctionalInterface
public interface PublicationFilter {

    PublicationFilter PUBLISH_ALL = envelope -> true;

    boolean shouldPublish(EventEnvelope envelope);
}
