package dev.meridian.events;

/** The complaint a treatment course is opened for; the network treats low back pain. */
public enum Complaint { LOW_BACK_PAIN }
