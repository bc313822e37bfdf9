package dev.meridian.events;

/** Where the patient feels the low back pain. */
public enum PainLocation { CENTRAL_LUMBAR, LEFT, RIGHT, BILATERAL }
