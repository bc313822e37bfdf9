package dev.meridian.embedded;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the embedded server's owner when its H2 store has failed for good.
 *
 * <p>Why: when H2 cannot write a chunk (out of heap while serializing it, a full disk), it "panics": it closes the
 * store, and every later read or write fails with "This store is closed" until the process restarts. The server
 * itself keeps answering, with errors, so the services above it look alive while nothing can be stored. The owner
 * (the local stack) should stop instead, loudly. Nothing committed before the failure is lost: H2 commits about
 * once a second, and a panic writes nothing more.
 *
 * <p>It is also the store's background exception handler, so that an error in H2's background writer is logged
 * (without a handler, H2 rethrows it and its writer thread dies, and nothing is committed any more). H2 calls the
 * handler before it marks the store as panicked, so the failure itself is noticed by a check once a second.
 */
final class StoreFailureWatch implements Thread.UncaughtExceptionHandler, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(StoreFailureWatch.class);

    private final List<Consumer<Throwable>> listeners = new CopyOnWriteArrayList<>();
    private final AtomicBoolean reported = new AtomicBoolean();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "embedded-mongo-store-watch");
        thread.setDaemon(true);
        return thread;
    });
    private volatile MVStore store;

    /** Starts checking the store (built with this as its background exception handler). */
    void watch(MVStore watched, long periodMillis) {
        this.store = watched;
        timer.scheduleWithFixedDelay(this::check, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
    }

    /** Called once, on a thread of its own, with H2's reason, when the store has failed for good. */
    void onFailure(Consumer<Throwable> listener) {
        listeners.add(listener);
    }

    @Override
    public void uncaughtException(Thread thread, Throwable error) {
        log.error("The embedded MongoDB store's background work failed (thread {})", thread.getName(), error);
    }

    private void check() {
        MVStore watched = store;
        Throwable failure = watched == null ? null : watched.getPanicException();
        if (failure == null || !reported.compareAndSet(false, true)) {
            return;
        }
        log.error("The embedded MongoDB store has failed and closed: nothing more can be stored", failure);
        // On a thread of their own: a listener that stops the server closes this watch, which would interrupt it.
        Thread notifying = new Thread(() -> {
            for (Consumer<Throwable> listener : listeners) {
                try {
                    listener.accept(failure);
                } catch (RuntimeException e) {
                    log.error("A store failure listener failed", e);
                }
            }
        }, "embedded-mongo-store-failed");
        notifying.start();
    }

    /** Stops checking (a clean stop closes the store; that is not a failure). */
    @Override
    public void close() {
        timer.shutdownNow();
    }
}
