package dev.meridian.events;

public sealed interface SessionEvent extends ClinicEvent
        permits SessionScheduled, SessionStarted, PsoasReleased, NeedlesRetained, EmotionalResponseNoted,
        SessionCompleted, SessionCancelled {

    String sessionId();

    /** The course the session belongs to, so course-level projections need no lookup. */
    String courseId();

    @Override
    default String aggregateId() {
        return sessionId();
    }

    @Override
    default AggregateType aggregateType() {
        return AggregateType.SESSION;
    }
}
