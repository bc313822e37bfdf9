package dev.meridian.practice.infrastructure;

import dev.meridian.practice.shared.NotFound;
import java.util.UUID;

/** Ids in request paths. Patient, course and session ids are UUIDs the service made; anything else is unknown. */
public final class PathIds {

    /** Location and practitioner ids: opaque strings the network assigns (API.md). */
    public static final String NETWORK_ID = "[A-Za-z0-9_-]{1,64}";
    public static final String NETWORK_ID_RULE = "must be 1 to 64 letters, digits, '-' or '_'";

    private PathIds() {
    }

    /** Returns the id in its canonical form, or answers 404 without asking the event store. */
    public static String known(String what, String id) {
        try {
            UUID parsed = UUID.fromString(id);
            if (parsed.toString().equalsIgnoreCase(id)) {
                return parsed.toString();
            }
        } catch (IllegalArgumentException notAUuid) {
            // falls through to 404
        }
        throw new NotFound(what, id.length() > 64 ? id.substring(0, 64) + "..." : id);
    }

    public static String newId() {
        return UUID.randomUUID().toString();
    }
}
