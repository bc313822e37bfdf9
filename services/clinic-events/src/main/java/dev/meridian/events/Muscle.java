package dev.meridian.events;

/** Low-back muscles a practitioner may needle. {@link #PSOAS} is released, never retained. */
public enum Muscle {
    QUADRATUS_LUMBORUM, ERECTOR_SPINAE, MULTIFIDUS, GLUTEUS_MEDIUS, GLUTEUS_MINIMUS, PIRIFORMIS, PSOAS
}
