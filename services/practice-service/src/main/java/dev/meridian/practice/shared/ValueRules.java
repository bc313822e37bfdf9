package dev.meridian.practice.shared;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The value rules every command shares (DOMAIN.md "Rules the aggregates enforce", API.md "Values"). Each check
 * either returns the value or throws {@link InvalidCommandValue} naming the API field, so that an aggregate's
 * command handler reads as a list of rules before its {@code apply}.
 */
public final class ValueRules {

    /** Location and practitioner ids are opaque strings the network assigns (API.md). */
    private static final Pattern NETWORK_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    /**
     * The zone where a calendar date starts first. A date is "in the future" only once it has not begun anywhere:
     * the service runs on UTC, and a clinic east of UTC (Sydney at 9 in the morning) must be able to enter its own
     * today as an onset date.
     */
    private static final ZoneOffset EARLIEST_ZONE = ZoneOffset.ofHours(14);

    private ValueRules() {
    }

    public static <T> T required(String field, T value) {
        if (value == null) {
            throw new InvalidCommandValue(field, "is required");
        }
        return value;
    }

    public static String requiredText(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidCommandValue(field, "is required");
        }
        return value;
    }

    /** Letters, digits, '-' and '_', 1 to 64 characters. */
    public static String networkId(String field, String value) {
        requiredText(field, value);
        if (!NETWORK_ID.matcher(value).matches()) {
            throw new InvalidCommandValue(field, "must be 1 to 64 letters, digits, '-' or '_'");
        }
        return value;
    }

    /** A whole number within {@code [min, max]}, required. */
    public static int between(String field, Integer value, int min, int max) {
        required(field, value);
        if (value < min || value > max) {
            throw new InvalidCommandValue(field, "must be a whole number from " + min + " to " + max);
        }
        return value;
    }

    /** A pain score on the 0-10 numeric rating scale (NRS), required. */
    public static int painScore(String field, Integer value) {
        return between(field, value, 0, 10);
    }

    /** An Oswestry Disability Index 0-100, optional: {@code null} when not taken. */
    public static Integer optionalOdi(String field, Integer value) {
        return value == null ? null : between(field, value, 0, 100);
    }

    /** A date that has begun somewhere on Earth (see {@link #EARLIEST_ZONE}), required. */
    public static LocalDate notInFuture(String field, LocalDate value, Clock clock) {
        required(field, value);
        if (value.isAfter(LocalDate.ofInstant(clock.instant(), EARLIEST_ZONE))) {
            throw new InvalidCommandValue(field, "must not be in the future");
        }
        return value;
    }

    /** At least one entry, none empty, none twice. */
    public static <E> List<E> distinctEntries(String field, List<E> values) {
        if (values == null || values.isEmpty()) {
            throw new InvalidCommandValue(field, "must name at least one");
        }
        Set<E> seen = new HashSet<>();
        for (E value : values) {
            if (value == null) {
                throw new InvalidCommandValue(field, "must not contain empty entries");
            }
            if (!seen.add(value)) {
                throw new InvalidCommandValue(field, "must not name " + value + " twice");
            }
        }
        return values;
    }
}
