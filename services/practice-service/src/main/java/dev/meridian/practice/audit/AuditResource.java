package dev.meridian.practice.audit;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Audit")
public class AuditResource {

    static final int MAX_ENTRIES = 1000;

    private final AuditTrail trail;

    public AuditResource(AuditTrail trail) {
        this.trail = trail;
    }

    public record AuditPage(List<AuditTrail.Entry> entries) {
    }

    @GetMapping("/api/audit")
    @Operation(summary = "The audit trail (network admin)",
            description = "Newest first. Filters: patientId, user (the token subject), from / to (instants).")
    public AuditPage audit(@RequestParam(required = false) String patientId,
                           @RequestParam(required = false) String user,
                           @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant from,
                           @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant to,
                           @RequestParam(defaultValue = "100") int limit) {
        return new AuditPage(trail.find(patientId, user, from, to, Math.max(1, Math.min(limit, MAX_ENTRIES))));
    }
}
