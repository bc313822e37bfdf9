package dev.meridian.practice.security;

import dev.meridian.practice.infrastructure.PathIds;
import dev.meridian.practice.shared.NotFound;
import dev.meridian.security.Caller;
import dev.meridian.security.Role;
import org.springframework.stereotype.Component;

/**
 * Who may do what to which record (DOMAIN.md, "People and what they may see"):
 * <ul>
 *   <li>a record outside the caller's locations does not exist for them: 404, like an unknown id;</li>
 *   <li>practitioners read and write in their locations; clinic managers only read there (a write is 403);</li>
 *   <li>the network admin reaches everything and alone may erase (anyone else who sees the patient: 403);</li>
 *   <li>analysts and services never reach the staff API (refused by URL before this policy runs).</li>
 * </ul>
 * A patient is in the locations of their home and of each of their courses; a course and a session in the location
 * where they take place.
 */
@Component
public class AccessPolicy {

    /** What the caller wants to do with a record. */
    public enum Operation { READ, WRITE, ERASE }

    private final AccessScopes scopes;

    public AccessPolicy(AccessScopes scopes) {
        this.scopes = scopes;
    }

    /**
     * @param kind the aggregate type of the record ({@code Patient}, {@code TreatmentCourse}, {@code Session})
     * @return the record's scope (its patient, for the audit trail)
     * @throws NotFound            when the record does not exist or lies outside the caller's locations
     * @throws OperationForbidden  when the caller sees it but may not do this
     */
    public AccessScopes.Scope check(Caller caller, String kind, String rawId, Operation operation) {
        return check(caller, kind, rawId, operation, found -> { });
    }

    /** As {@link #check(Caller, String, String, Operation)}, telling {@code found} the scope before deciding. */
    public AccessScopes.Scope check(Caller caller, String kind, String rawId, Operation operation,
                                    java.util.function.Consumer<AccessScopes.Scope> found) {
        String what = "Patient".equals(kind) ? "Patient" : "TreatmentCourse".equals(kind) ? "Course" : "Session";
        String id = PathIds.known(what, rawId);
        AccessScopes.Scope scope = scopes.find(kind, id).orElse(null);
        if (scope != null) {
            found.accept(scope);
        }
        boolean visible = scope != null && (caller.is(Role.NETWORK_ADMIN) || caller.worksAtAnyOf(scope.locations()));
        if (!visible) {
            if (scope == null && caller.is(Role.NETWORK_ADMIN)) {
                return null; // let the resource answer for itself (404 with its own wording)
            }
            throw new NotFound(what, id);
        }
        switch (operation) {
            case READ -> {
                // everyone who sees it may read it
            }
            case WRITE -> requireWriter(caller);
            case ERASE -> {
                if (!caller.is(Role.NETWORK_ADMIN)) {
                    throw new OperationForbidden("Only the network admin may erase a patient.");
                }
            }
        }
        return scope;
    }

    /** A new record (a patient, a course) at a location: the caller must write there. */
    public void checkNewRecordAt(Caller caller, String locationId) {
        requireWriter(caller);
        if (locationId != null && !caller.is(Role.NETWORK_ADMIN) && !caller.worksAt(locationId)) {
            throw new OperationForbidden("You may record only at the locations you work at.");
        }
    }

    private static void requireWriter(Caller caller) {
        if (!caller.is(Role.PRACTITIONER, Role.NETWORK_ADMIN)) {
            throw new OperationForbidden("Your role may read these records but not change them.");
        }
    }
}
