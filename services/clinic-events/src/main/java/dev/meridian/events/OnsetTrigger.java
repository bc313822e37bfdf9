package dev.meridian.events;

/** What set the pain off (API field {@code trigger}). */
public enum OnsetTrigger { LIFTING, WORKOUT, TRAUMA, OTHER, UNKNOWN }
