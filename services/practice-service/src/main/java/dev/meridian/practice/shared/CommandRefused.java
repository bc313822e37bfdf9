package dev.meridian.practice.shared;

/**
 * A command that the aggregate's current state forbids: a session not started, already completed or cancelled;
 * a closed course; an erased patient. Answered with HTTP 409; nothing is written.
 */
public abstract class CommandRefused extends RuntimeException {

    protected CommandRefused(String message) {
        super(message);
    }
}
