package dev.meridian.practice.session;

import dev.meridian.practice.shared.CommandRefused;

/** Treatment is recorded, and a session completed, only once the session has started (HTTP 409). */
public class SessionNotStarted extends CommandRefused {

    public SessionNotStarted(String sessionId) {
        super("Session " + sessionId + " has not started");
    }
}
