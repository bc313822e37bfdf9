package dev.meridian.outcomes.query;

import dev.meridian.events.Chronicity;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The filters both analyst endpoints share (API.md): each is optional; the period is already rounded (see
 * {@link Period}).
 */
public record AnalystFilter(Chronicity chronicity, String locationId, String practitionerId, Period period) {

    /** The dimensions pinned to one value by a filter, with that value. */
    public Map<Dimension, String> pinned() {
        Map<Dimension, String> pinned = new LinkedHashMap<>();
        if (locationId != null) {
            pinned.put(Dimension.LOCATION, locationId);
        }
        if (practitionerId != null) {
            pinned.put(Dimension.PRACTITIONER, practitionerId);
        }
        if (chronicity != null) {
            pinned.put(Dimension.CHRONICITY, chronicity.name());
        }
        return pinned;
    }

    /** The filters as given, for echoing in a response (nulls kept: a missing filter is "all"). */
    public Map<String, Object> describe() {
        Map<String, Object> echo = new LinkedHashMap<>();
        echo.put("chronicity", chronicity == null ? null : chronicity.name());
        echo.put("locationId", locationId);
        echo.put("practitionerId", practitionerId);
        echo.put("from", period.requestedFrom() == null ? null : period.requestedFrom().toString());
        echo.put("to", period.requestedTo() == null ? null : period.requestedTo().toString());
        return echo;
    }
}
