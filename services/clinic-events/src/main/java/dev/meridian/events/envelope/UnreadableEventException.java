package dev.meridian.events.envelope;

/** A record on the topic that is not a readable clinic event; the reason goes with it to the dead-letter topic. */
public class UnreadableEventException extends Exception {

    public UnreadableEventException(String reason) {
        super(reason);
    }

    public UnreadableEventException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
