package dev.meridian.practice.course;

import dev.meridian.practice.shared.CommandRefused;

/** A course is closed once, with one outcome (HTTP 409). */
public class CourseAlreadyClosed extends CommandRefused {

    public CourseAlreadyClosed(String courseId) {
        super("Treatment course " + courseId + " is already closed");
    }
}
