package dev.meridian.events;

public enum TraumaRelated { YES, NO, UNKNOWN }
