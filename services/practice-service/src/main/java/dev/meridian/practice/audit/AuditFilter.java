package dev.meridian.practice.audit;

import dev.meridian.security.Caller;
import dev.meridian.security.SecurityProblems;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * Records every request to {@code /api/**} and {@code /internal/**} in the {@link AuditTrail} once it is answered,
 * refused ones included (401, 403, 404...). It runs outside Spring Security's filters, so it sees their answers
 * too; the caller and the record are taken from request attributes that the inner layers leave.
 *
 * <p>What cannot be recorded is not shown: a read's answer ({@code GET}, {@code HEAD}) is held in memory until its
 * entry is stored, and when the entry cannot be written the caller gets 503 instead, with nothing of the record.
 * A command's answer is sent whatever happens to its entry: the change is stored already, and a 503 would invite a
 * retry that repeats it (a second registration of the same person, say). Such an entry is logged as lost (ids and
 * path only) and counted in {@value #UNRECORDED}, tagged {@code answer=withheld} or {@code answer=sent}: alert on it.
 */
public class AuditFilter extends OncePerRequestFilter {

    public static final String CALLER = "meridian.audit.caller";
    public static final String ACTION = "meridian.audit.action";
    public static final String RESOURCE = "meridian.audit.resource";
    public static final String PATIENT = "meridian.audit.patientId";

    public static final String UNRECORDED = "meridian.audit.unrecorded";

    private static final Logger log = LoggerFactory.getLogger(AuditFilter.class);
    private static final Pattern CREATED = Pattern.compile("^(?:https?://[^/]+)?/api/(patients|courses|sessions)/([0-9a-f-]{36})$");

    private final AuditTrail trail;
    private final Clock clock;
    private final Counter withheld;
    private final Counter sent;

    public AuditFilter(AuditTrail trail, Clock clock, MeterRegistry registry) {
        this.trail = trail;
        this.clock = clock;
        this.withheld = unrecorded(registry, "withheld");
        this.sent = unrecorded(registry, "sent");
    }

    private static Counter unrecorded(MeterRegistry registry, String answer) {
        return Counter.builder(UNRECORDED).tag("answer", answer)
                .description("Requests whose audit entry could not be written, by what became of the answer")
                .register(registry);
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI();
        return !(path.startsWith("/api/") || path.startsWith("/internal/"));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!isRead(request)) {
            try {
                chain.doFilter(request, response);
            } finally {
                if (!record(request, response)) {
                    sent.increment();
                }
            }
            return;
        }
        ContentCachingResponseWrapper held = new ContentCachingResponseWrapper(response);
        try {
            chain.doFilter(request, held);
        } finally {
            if (record(request, held)) {
                held.copyBodyToResponse();
            } else {
                withheld.increment();
                held.resetBuffer();
                response.setHeader("Retry-After", "5");
                SecurityProblems.write(response, 503, "audit-unavailable", "Service Unavailable",
                        "The access could not be recorded in the audit trail, so nothing is shown. Try again shortly.");
            }
        }
    }

    private static boolean isRead(HttpServletRequest request) {
        return "GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod());
    }

    /** Whether the entry was stored. */
    private boolean record(HttpServletRequest request, HttpServletResponse response) {
        try {
            Caller caller = (Caller) request.getAttribute(CALLER);
            String resource = (String) request.getAttribute(RESOURCE);
            String patientId = (String) request.getAttribute(PATIENT);
            String location = response.getHeader("Location");
            if (location != null) {
                Matcher created = CREATED.matcher(location);
                if (created.matches()) {
                    String kind = switch (created.group(1)) {
                        case "patients" -> "Patient";
                        case "courses" -> "TreatmentCourse";
                        default -> "Session";
                    };
                    if (resource == null) {
                        resource = kind + "/" + created.group(2);
                    }
                    if (patientId == null && "Patient".equals(kind)) {
                        patientId = created.group(2);
                    }
                }
            }
            int status = response.getStatus();
            trail.append(new AuditTrail.Entry(clock.instant(),
                    caller == null ? null : caller.subject(), caller == null ? null : caller.role().name(),
                    request.getMethod(), truncate(request.getRequestURI()), (String) request.getAttribute(ACTION),
                    resource, patientId, status, outcome(status)));
            return true;
        } catch (RuntimeException e) {
            log.error("Audit entry for {} {} not written: {}", request.getMethod(), truncate(request.getRequestURI()),
                    e.getClass().getSimpleName());
            return false;
        }
    }

    static String outcome(int status) {
        if (status < 400) {
            return "SUCCEEDED";
        }
        if (status == 401 || status == 403 || status == 404) {
            return "DENIED";
        }
        return status < 500 ? "REFUSED" : "FAILED";
    }

    private static String truncate(String path) {
        return path.length() > 200 ? path.substring(0, 200) + "..." : path;
    }

    /** Keeps the caller for the audit entry once Spring Security has authenticated the request. */
    public static class CallerCapture extends OncePerRequestFilter {
        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            if (SecurityContextHolder.getContext().getAuthentication() != null) {
                Caller.current().ifPresent(caller -> request.setAttribute(CALLER, caller));
            }
            chain.doFilter(request, response);
        }
    }
}
