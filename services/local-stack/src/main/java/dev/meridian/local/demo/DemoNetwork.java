package dev.meridian.local.demo;

import java.util.ArrayList;
import java.util.List;

/**
 * The clinic network of the demo: invented locations, each with its practitioners. Location and practitioner ids
 * are the opaque strings the network assigns (API.md: letters, digits, {@code -}, {@code _}).
 *
 * @param locations the locations, in a fixed order
 */
public record DemoNetwork(List<Location> locations) {

    static final String[] LOCATION_NAMES = {"aldmere", "brackwater", "corvel-quay", "dunhollow", "elmstrand",
            "fennick-row", "gorsebury", "hallowmead"};
    public static final int MAX_LOCATIONS = LOCATION_NAMES.length;

    public DemoNetwork {
        locations = List.copyOf(locations);
    }

    public static DemoNetwork of(DemoParameters parameters) {
        List<Location> locations = new ArrayList<>();
        for (int l = 0; l < parameters.locations(); l++) {
            String locationId = "loc-" + LOCATION_NAMES[l];
            List<String> practitioners = new ArrayList<>();
            for (int p = 1; p <= parameters.practitionersPerLocation(); p++) {
                practitioners.add("pr-" + LOCATION_NAMES[l] + "-" + p);
            }
            locations.add(new Location(locationId, practitioners));
        }
        return new DemoNetwork(locations);
    }

    /** One location and the practitioners who work there. */
    public record Location(String id, List<String> practitionerIds) {
        public Location {
            practitionerIds = List.copyOf(practitionerIds);
        }
    }
}
