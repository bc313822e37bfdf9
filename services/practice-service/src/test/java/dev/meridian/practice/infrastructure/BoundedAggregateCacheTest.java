package dev.meridian.practice.infrastructure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.axonframework.common.Registration;
import org.axonframework.common.caching.Cache;
import org.axonframework.common.caching.WeakReferenceCache;
import org.junit.jupiter.api.Test;

class BoundedAggregateCacheTest {

    @Test
    void keepsEntriesStronglyUntilCapacityThenEvictsTheLeastRecentlyUsed() {
        BoundedAggregateCache cache = new BoundedAggregateCache(2);
        cache.put("a", new Object());
        cache.put("b", new Object());
        System.gc(); // a weak-reference cache could lose both here; this one keeps them
        assertThat(cache.containsKey("a")).isTrue();
        assertThat((Object) cache.get("a")).isNotNull(); // "a" is now the most recently used

        cache.put("c", new Object());

        assertThat(cache.containsKey("b")).as("least recently used, evicted").isFalse();
        assertThat(cache.containsKey("a")).isTrue();
        assertThat(cache.containsKey("c")).isTrue();
        assertThat(cache.size()).isEqualTo(2);
    }

    @Test
    void putIfAbsentComputeAndRemoveBehaveAsAxonExpects() {
        BoundedAggregateCache cache = new BoundedAggregateCache(10);
        assertThat(cache.putIfAbsent("a", "one")).isTrue();
        assertThat(cache.putIfAbsent("a", "two")).isFalse();
        assertThat((String) cache.computeIfAbsent("a", () -> "three")).isEqualTo("one");
        assertThat((String) cache.computeIfAbsent("b", () -> "four")).isEqualTo("four");
        cache.computeIfPresent("b", (String v) -> v + "!");
        assertThat((String) cache.get("b")).isEqualTo("four!");

        assertThat(cache.remove("a")).isTrue();
        assertThat(cache.remove("a")).isFalse();
        cache.put("b", null);
        assertThat(cache.containsKey("b")).as("null removes").isFalse();
        cache.put("c", "five");
        cache.removeAll();
        assertThat(cache.size()).isZero();
    }

    @Test
    void listenersHearCreationUpdateRemovalAndExpiry() {
        BoundedAggregateCache cache = new BoundedAggregateCache(1);
        List<String> heard = new ArrayList<>();
        Registration registration = cache.registerCacheEntryListener(new Cache.EntryListenerAdapter() {
            @Override
            public void onEntryCreated(Object key, Object value) {
                heard.add("created " + key);
            }

            @Override
            public void onEntryUpdated(Object key, Object value) {
                heard.add("updated " + key);
            }

            @Override
            public void onEntryRemoved(Object key) {
                heard.add("removed " + key);
            }

            @Override
            public void onEntryExpired(Object key) {
                heard.add("expired " + key);
            }
        });
        cache.put("a", 1);
        cache.put("a", 2);
        cache.put("b", 3);
        cache.remove("b");
        registration.cancel();
        cache.put("c", 4);

        assertThat(heard).containsExactly("created a", "updated a", "expired a", "created b", "removed b");
    }

    @Test
    void sizeZeroMeansAxonsWeakReferenceCacheAndANegativeCapacityIsRefused() {
        assertThat(AxonMongoConfiguration.aggregateCache(0)).isInstanceOf(WeakReferenceCache.class);
        assertThat(AxonMongoConfiguration.aggregateCache(5)).isInstanceOf(BoundedAggregateCache.class);
        assertThatThrownBy(() -> new BoundedAggregateCache(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
