package dev.meridian.events;

/** Which psoas was released. */
public enum Side { LEFT, RIGHT, BILATERAL }
