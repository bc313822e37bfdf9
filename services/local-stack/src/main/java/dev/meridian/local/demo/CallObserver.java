package dev.meridian.local.demo;

/** Sees every finished request of a plan execution; the benchmark measures through it. Must be thread-safe. */
@FunctionalInterface
public interface CallObserver {

    CallObserver NONE = (script, call, bound, status, startNanos, endNanos) -> { };

    /**
     * @param script     the script the call belongs to
     * @param call       the planned call
     * @param bound      ids bound so far in this script (including the one this call created)
     * @param status     HTTP status, or -1 when no response came
     * @param startNanos {@link System#nanoTime()} when the request was sent
     * @param endNanos   {@link System#nanoTime()} when the response was read
     */
    void completed(PatientScript script, ApiCall call, java.util.Map<String, String> bound, int status,
                   long startNanos, long endNanos);
}
