package dev.meridian.events;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * How long the pain has lasted when the course is opened. Thresholds follow the NIH task force's
 * research standard for chronic low back pain: under 6 weeks acute, 6 to 12 weeks subacute, over
 * 12 weeks chronic.
 */
public enum Chronicity {
    ACUTE, SUBACUTE, CHRONIC;

    static final long SUBACUTE_FROM_DAYS = 6 * 7;
    static final long CHRONIC_AFTER_DAYS = 12 * 7;

    public static Chronicity of(LocalDate onsetDate, LocalDate openedOn) {
        Objects.requireNonNull(onsetDate, "onsetDate");
        Objects.requireNonNull(openedOn, "openedOn");
        long days = ChronoUnit.DAYS.between(onsetDate, openedOn);
        if (days < SUBACUTE_FROM_DAYS) {
            return ACUTE;
        }
        return days <= CHRONIC_AFTER_DAYS ? SUBACUTE : CHRONIC;
    }
}
