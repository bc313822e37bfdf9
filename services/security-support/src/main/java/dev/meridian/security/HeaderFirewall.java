package dev.meridian.security;

import java.util.function.Predicate;
import org.springframework.security.web.firewall.StrictHttpFirewall;

/**
 * Spring Security's {@link StrictHttpFirewall} with its default rules, but with the check of header values written
 * out instead of a regular expression: each code point assigned, and no control character but a tab, as its
 * {@code [\p{IsAssigned}&&[[^\p{IsControl}]||\t]]*} says ({@code HeaderFirewallTest} compares both over every code
 * point and random strings).
 *
 * <p>Why: the firewall checks every header value a request's handling reads, the bearer token's 750 characters
 * too, more than once per request: 5 % of the request threads' samples flat out (JFR, 2026-12-04).
 */
public final class HeaderFirewall {

    static final Predicate<String> ALLOWED_HEADER_VALUES = HeaderFirewall::isAllowedHeaderValue;

    private HeaderFirewall() {
    }

    /** The firewall both services use (Spring Security takes an {@code HttpFirewall} bean). */
    public static StrictHttpFirewall strict() {
        StrictHttpFirewall firewall = new StrictHttpFirewall();
        firewall.setAllowedHeaderValues(ALLOWED_HEADER_VALUES);
        return firewall;
    }

    static boolean isAllowedHeaderValue(String value) {
        for (int i = 0; i < value.length(); ) {
            int codePoint = value.codePointAt(i);
            if (codePoint >= 0x20 && codePoint < 0x7F) {
                i++; // printable ASCII: assigned, not a control character
                continue;
            }
            int type = Character.getType(codePoint);
            if (type == Character.UNASSIGNED || type == Character.CONTROL && codePoint != '\t') {
                return false;
            }
            i += Character.charCount(codePoint);
        }
        return true;
    }
}
