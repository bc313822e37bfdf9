package dev.meridian.security;

/**
 * Who a caller is, as the {@value Caller#ROLE_CLAIM} claim of their token says (DOMAIN.md, "People and what they may
 * see"). {@link #SERVICE} is not a person: it is another Meridian service calling an internal endpoint.
 */
public enum Role {
    /** Writes and reads the patients and courses of the locations they work at. */
    PRACTITIONER,
    /** Reads everything of their locations. */
    CLINIC_MANAGER,
    /** Reads de-identified outcome projections across the network, nothing else. */
    ANALYST,
    /** Reaches everything; alone may erase a patient. */
    NETWORK_ADMIN,
    /** A Meridian service calling another one's {@code /internal/**} endpoints. */
    SERVICE;

    /** The Spring Security authority of this role. */
    public String authority() {
        return "ROLE_" + name();
    }

    public static boolean isKnown(String name) {
        for (Role role : values()) {
            if (role.name().equals(name)) {
                return true;
            }
        }
        return false;
    }
}
