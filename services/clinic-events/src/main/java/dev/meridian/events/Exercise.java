package dev.meridian.events;

/** Homework that keeps the patient pain-free after the psoas is released. */
public enum Exercise { PSOAS_STRETCH, HIP_FLEXOR_STRETCH, HIP_FLEXOR_STRENGTHENING, CORE_STABILITY, GLUTE_STRENGTHENING }
