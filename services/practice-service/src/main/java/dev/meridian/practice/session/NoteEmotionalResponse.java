package dev.meridian.practice.session;

import dev.meridian.events.EmotionalPhase;
import dev.meridian.events.Intensity;
import dev.meridian.events.TraumaRelated;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** An emotional response the practitioner noticed; {@code privateNote} is personal data. */
public record NoteEmotionalResponse(@TargetAggregateIdentifier String sessionId, EmotionalPhase phase, Intensity intensity,
                                    TraumaRelated traumaRelated, String privateNote) {
}
