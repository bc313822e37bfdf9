package dev.meridian.events;

public enum CancellationReason { CANCELLED, NO_SHOW }
