package dev.meridian.practice.security;

import dev.meridian.security.Caller;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import org.springframework.security.authentication.InsufficientAuthenticationException;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;

/**
 * Applies the {@link AccessPolicy} to every staff endpoint that names a patient, course or session in its path,
 * before the request body is even read: the matched path pattern says which record and what operation
 * ({@code GET} reads, {@code POST} writes, {@code .../erase} erases). What it found is left in request attributes
 * for the audit trail.
 */
public class AccessCheckInterceptor implements HandlerInterceptor {

    static final String AUDIT_PATIENT = dev.meridian.practice.audit.AuditFilter.PATIENT;
    static final String AUDIT_RESOURCE = dev.meridian.practice.audit.AuditFilter.RESOURCE;
    static final String AUDIT_ACTION = dev.meridian.practice.audit.AuditFilter.ACTION;

    private final AccessPolicy policy;

    public AccessCheckInterceptor(AccessPolicy policy) {
        this.policy = policy;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (!(handler instanceof HandlerMethod)) {
            return true;
        }
        String pattern = (String) request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
        if (pattern == null || !pattern.startsWith("/api/") || pattern.startsWith("/api/audit")) {
            return true;
        }
        request.setAttribute(AUDIT_ACTION, request.getMethod() + " " + pattern);
        Caller caller = Caller.current().orElseThrow(() ->
                new InsufficientAuthenticationException("no caller")); // the URL rules make this unreachable
        @SuppressWarnings("unchecked")
        Map<String, String> variables = (Map<String, String>) request.getAttribute(
                HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
        AccessPolicy.Operation operation = pattern.endsWith("/erase") ? AccessPolicy.Operation.ERASE
                : "GET".equals(request.getMethod()) ? AccessPolicy.Operation.READ : AccessPolicy.Operation.WRITE;
        String kind = null;
        String id = null;
        if (variables != null && variables.containsKey("sessionId")) {
            kind = "Session";
            id = variables.get("sessionId");
        } else if (variables != null && variables.containsKey("courseId")) {
            kind = "TreatmentCourse";
            id = variables.get("courseId");
        } else if (variables != null && variables.containsKey("patientId")) {
            kind = "Patient";
            id = variables.get("patientId");
        }
        if (kind == null) {
            if (operation != AccessPolicy.Operation.READ) {
                policy.checkNewRecordAt(caller, null); // the location in the body is checked by NewRecordLocationCheck
            }
            return true;
        }
        request.setAttribute(AUDIT_RESOURCE, kind + "/" + id);
        policy.check(caller, kind, id, operation, scope -> request.setAttribute(AUDIT_PATIENT, scope.patientId()));
        return true;
    }
}
