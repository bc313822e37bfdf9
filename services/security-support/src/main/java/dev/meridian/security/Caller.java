package dev.meridian.security;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * The authenticated caller of a request: the token's subject, its one role and the location ids it works at.
 *
 * @param subject   the token's {@code sub}: a user id of the identity provider (never a name)
 * @param locations the location ids of the {@value #LOCATIONS_CLAIM} claim; empty for roles that need none
 */
public record Caller(String subject, Role role, Set<String> locations) {

    public static final String ROLE_CLAIM = "role";
    public static final String LOCATIONS_CLAIM = "locations";
    /** Location ids are opaque strings the network assigns (API.md). */
    static final Pattern LOCATION_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    public Caller {
        locations = Set.copyOf(locations);
    }

    /** The caller a validated token describes (see {@link MeridianTokens#claimsValidator()} for what is checked). */
    public static Caller of(Jwt jwt) {
        List<String> locations = jwt.getClaimAsStringList(LOCATIONS_CLAIM);
        return new Caller(jwt.getSubject(), Role.valueOf(jwt.getClaimAsString(ROLE_CLAIM)),
                locations == null ? Set.of() : Set.copyOf(locations));
    }

    /** The caller of the current request, if it carried a valid token. */
    public static Optional<Caller> current() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication instanceof JwtAuthenticationToken token) {
            return Optional.of(of(token.getToken()));
        }
        return Optional.empty();
    }

    public boolean is(Role... roles) {
        for (Role candidate : roles) {
            if (role == candidate) {
                return true;
            }
        }
        return false;
    }

    public boolean worksAt(String locationId) {
        return locationId != null && locations.contains(locationId);
    }

    public boolean worksAtAnyOf(Collection<String> locationIds) {
        return locationIds.stream().anyMatch(this::worksAt);
    }
}
