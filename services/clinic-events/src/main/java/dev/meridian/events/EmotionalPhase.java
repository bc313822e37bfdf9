package dev.meridian.events;

/** When an emotional response showed. */
public enum EmotionalPhase { AT_PAIN_ONSET, DURING_RELEASE, AFTER_TREATMENT }
