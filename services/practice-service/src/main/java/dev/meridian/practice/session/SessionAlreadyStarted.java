package dev.meridian.practice.session;

import dev.meridian.practice.shared.CommandRefused;

/** A session starts once; a patient who came is no no-show (HTTP 409). */
public class SessionAlreadyStarted extends CommandRefused {

    public SessionAlreadyStarted(String sessionId) {
        super("Session " + sessionId + " has already started");
    }
}
