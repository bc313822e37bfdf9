package dev.meridian.outcomes.projection;

import dev.meridian.events.AggregateType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The projection's counters, tagged with the projection ({@code live} or {@code rebuild}) and, where it helps an
 * operator, the aggregate type. Names are part of the operations contract (docs/operations-outcomes.md).
 */
public final class ProjectionMetrics {

    public static final String APPLIED = "meridian.outcomes.events.applied";
    public static final String DUPLICATES = "meridian.outcomes.events.duplicates";
    public static final String PARKED = "meridian.outcomes.events.parked";
    public static final String GAPS = "meridian.outcomes.gaps.detected";
    public static final String DEAD_LETTERED = "meridian.outcomes.events.dead-lettered";

    private final MeterRegistry registry;
    private final String projection;

    public ProjectionMetrics(MeterRegistry registry, String projection) {
        this.registry = registry;
        this.projection = projection;
    }

    public void applied(AggregateType type) {
        counter(APPLIED, type).increment();
    }

    /** {@code count} events applied at once (a batch's: one counter look-up instead of one per event). */
    public void applied(AggregateType type, long count) {
        if (count > 0) {
            counter(APPLIED, type).increment(count);
        }
    }

    /** {@code count} duplicates at once. */
    public void duplicates(AggregateType type, long count) {
        if (count > 0) {
            counter(DUPLICATES, type).increment(count);
        }
    }

    public void duplicate(AggregateType type) {
        counter(DUPLICATES, type).increment();
    }

    public void parked(AggregateType type) {
        counter(PARKED, type).increment();
    }

    public void gap(AggregateType type) {
        counter(GAPS, type).increment();
    }

    public void deadLettered() {
        Counter.builder(DEAD_LETTERED).tag("projection", projection).register(registry).increment();
    }

    private Counter counter(String name, AggregateType type) {
        return Counter.builder(name).tag("projection", projection).tag("aggregateType", type.name())
                .register(registry);
    }
}
