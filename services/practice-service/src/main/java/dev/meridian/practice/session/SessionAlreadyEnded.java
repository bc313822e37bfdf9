package dev.meridian.practice.session;

import dev.meridian.practice.shared.CommandRefused;

/** A completed or cancelled session accepts nothing more (HTTP 409). */
public class SessionAlreadyEnded extends CommandRefused {

    public SessionAlreadyEnded(String sessionId, String how) {
        super("Session " + sessionId + " is already " + how);
    }
}
