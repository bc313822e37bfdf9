package dev.meridian.events;

public enum Intensity { MILD, MODERATE, STRONG }
