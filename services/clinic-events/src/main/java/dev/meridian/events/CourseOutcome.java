package dev.meridian.events;

/** How a treatment course ended (API field {@code outcome}). */
public enum CourseOutcome { RESOLVED, IMPROVED, UNCHANGED, WORSENED, DISCONTINUED, REFERRED }
