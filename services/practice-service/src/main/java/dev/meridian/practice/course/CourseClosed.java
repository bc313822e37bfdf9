package dev.meridian.practice.course;

import dev.meridian.practice.shared.CommandRefused;

/** A closed course accepts no new session, no homework and no outcome measure (HTTP 409). */
public class CourseClosed extends CommandRefused {

    public CourseClosed(String courseId) {
        super("Treatment course " + courseId + " is closed");
    }
}
