package dev.meridian.outcomes.rebuild;

/** A second rebuild was asked for while one runs. */
public class RebuildAlreadyRunning extends RuntimeException {

    public RebuildAlreadyRunning() {
        super("A projection rebuild is already running");
    }
}
