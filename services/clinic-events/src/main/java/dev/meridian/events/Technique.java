package dev.meridian.events;

/** How the psoas was released. The seed's practice knows one technique. */
public enum Technique { TRIGGER_POINT_DRY_NEEDLING }
