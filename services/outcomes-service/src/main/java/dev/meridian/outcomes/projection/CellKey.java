package dev.meridian.outcomes.projection;

import dev.meridian.events.Chronicity;

/**
 * The coordinates of a dashboard cell: location x practitioner x month of course opening x chronicity.
 * Location and practitioner ids are letters, digits, '-' and '_' (API.md), so '|' can join them.
 */
public record CellKey(String locationId, String practitionerId, String month, Chronicity chronicity) {

    public String id() {
        return locationId + "|" + practitionerId + "|" + month + "|" + chronicity.name();
    }
}
