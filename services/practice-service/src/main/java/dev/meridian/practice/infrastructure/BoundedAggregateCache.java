package dev.meridian.practice.infrastructure;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.axonframework.common.Registration;
import org.axonframework.common.caching.Cache;

/**
 * An aggregate cache that keeps the most recently used {@code capacity} entries by strong reference and evicts the
 * least recently used one beyond that.
 *
 * <p>Why not Axon's {@code WeakReferenceCache}: its entries go at the next garbage collection, and under load
 * (a young collection every few hundred milliseconds) about one command in twenty found its aggregate evicted and
 * reloaded it from the event store, which on the embedded wire server scanned the whole event collection until
 * decision 0022 (docs/benchmarks). What is cached is what the weak cache held: the aggregate roots Axon puts here;
 * Axon removes an entry when a unit of work that changed it rolls back, so a cached aggregate is never ahead of the
 * store.
 * Entries are not shared between nodes: as with any Axon aggregate cache, several nodes need commands for one
 * aggregate routed to one node.
 */
public final class BoundedAggregateCache implements Cache {

    private final int capacity;
    private final List<EntryListener> listeners = new CopyOnWriteArrayList<>();
    private final LinkedHashMap<Object, Object> entries;

    public BoundedAggregateCache(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1");
        }
        this.capacity = capacity;
        this.entries = new LinkedHashMap<>(Math.min(capacity, 1024), 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Object, Object> eldest) {
                if (size() > BoundedAggregateCache.this.capacity) {
                    tell(l -> l.onEntryExpired(eldest.getKey()));
                    return true;
                }
                return false;
            }
        };
    }

    public int capacity() {
        return capacity;
    }

    public synchronized int size() {
        return entries.size();
    }

    @Override
    @SuppressWarnings("unchecked")
    public synchronized <K, V> V get(K key) {
        V value = (V) entries.get(key);
        if (value != null) {
            tell(l -> l.onEntryRead(key, value));
        }
        return value;
    }

    @Override
    public synchronized void put(Object key, Object value) {
        if (value == null) {
            remove(key);
            return;
        }
        Object previous = entries.put(key, value);
        tell(previous == null ? l -> l.onEntryCreated(key, value) : l -> l.onEntryUpdated(key, value));
    }

    @Override
    public synchronized boolean putIfAbsent(Object key, Object value) {
        if (entries.containsKey(key)) {
            return false;
        }
        put(key, value);
        return true;
    }

    @Override
    @SuppressWarnings("unchecked")
    public synchronized <T> T computeIfAbsent(Object key, Supplier<T> valueSupplier) {
        T existing = (T) entries.get(key);
        if (existing != null) {
            return existing;
        }
        T created = valueSupplier.get();
        put(key, created);
        return created;
    }

    @Override
    @SuppressWarnings("unchecked")
    public synchronized <V> void computeIfPresent(Object key, UnaryOperator<V> update) {
        V existing = (V) entries.get(key);
        if (existing != null) {
            put(key, update.apply(existing));
        }
    }

    @Override
    public synchronized boolean remove(Object key) {
        boolean removed = entries.remove(key) != null;
        if (removed) {
            tell(l -> l.onEntryRemoved(key));
        }
        return removed;
    }

    @Override
    public synchronized void removeAll() {
        List<Object> keys = List.copyOf(entries.keySet());
        entries.clear();
        keys.forEach(key -> tell(l -> l.onEntryRemoved(key)));
    }

    @Override
    public synchronized boolean containsKey(Object key) {
        return entries.containsKey(key);
    }

    @Override
    public Registration registerCacheEntryListener(EntryListener listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    private void tell(Consumer<EntryListener> event) {
        listeners.forEach(event);
    }
}
