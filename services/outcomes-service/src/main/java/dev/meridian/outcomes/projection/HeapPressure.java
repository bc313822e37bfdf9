package dev.meridian.outcomes.projection;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Whether the heap is short: what a rebuild asks before it holds more read models in memory.
 *
 * <p>Why: the rebuild's bound in courses is a share of the whole heap, but the heap is shared. On the local stack the
 * embedded MongoDB server's index and caches grow with the stored events, and a rebuild that held its full share on
 * a large store ran the process out of heap (docs/benchmarks, seventeenth run). What is live is what the old
 * generation holds right after a collection; the JVM measures exactly that
 * ({@link MemoryPoolMXBean#getCollectionUsage}, read without a collection of its own).
 */
@FunctionalInterface
public interface HeapPressure {

    /** Never short: the bound in courses alone decides. */
    HeapPressure NONE = () -> false;

    boolean isHigh();

    /**
     * Short when the old generation (the largest heap pool the collector reports after-collection usage for) held
     * more than {@code fraction} of its maximum after its last collection. Never short before its first collection,
     * or when the JVM reports no such pool.
     */
    static HeapPressure oldGenerationAbove(double fraction) {
        if (!(fraction > 0 && fraction <= 1)) {
            throw new IllegalArgumentException("the heap fraction must be above 0 and at most 1, not " + fraction);
        }
        Optional<MemoryPoolMXBean> pool = oldGeneration(ManagementFactory.getMemoryPoolMXBeans());
        if (pool.isEmpty()) {
            return NONE;
        }
        MemoryPoolMXBean old = pool.get();
        return () -> {
            MemoryUsage afterCollection = old.getCollectionUsage();
            if (afterCollection == null) {
                return false;
            }
            long max = afterCollection.getMax() > 0 ? afterCollection.getMax() : Runtime.getRuntime().maxMemory();
            return afterCollection.getUsed() > fraction * max;
        };
    }

    /** The pool named as an old or tenured generation (every HotSpot generational collector), else the largest. */
    static Optional<MemoryPoolMXBean> oldGeneration(List<MemoryPoolMXBean> pools) {
        List<MemoryPoolMXBean> candidates = pools.stream()
                .filter(p -> p.getType() == MemoryType.HEAP && p.isCollectionUsageThresholdSupported())
                .toList();
        return candidates.stream().filter(p -> p.getName().contains("Old") || p.getName().contains("Tenured"))
                .findFirst()
                .or(() -> candidates.stream().max(Comparator.comparingLong(p -> p.getUsage().getMax())));
    }
}
