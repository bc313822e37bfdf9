package dev.meridian.practice.shared;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * "Now" for aggregate tests: every event's {@code occurredAt} is {@link #NOW}. At 09:00 UTC the 23rd has begun
 * everywhere and the 24th nowhere yet, so "tomorrow" is in the future for every clinic.
 */
public final class FixedClock {

    public static final Instant NOW = Instant.parse("2026-11-23T09:00:00Z");
    public static final LocalDate TODAY = LocalDate.of(2026, 11, 23);
    public static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    private FixedClock() {
    }
}
