package dev.meridian.practice.shared;

/** An unknown patient, course or session: HTTP 404. */
public class NotFound extends RuntimeException {

    public NotFound(String what, String id) {
        super(what + " " + id + " not found");
    }
}
