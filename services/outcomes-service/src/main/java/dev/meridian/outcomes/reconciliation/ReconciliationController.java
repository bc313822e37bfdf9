package dev.meridian.outcomes.reconciliation;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Operators' view of drift between the event store and the projections (docs/operations-outcomes.md). */
@RestController
@RequestMapping("/api/reconciliation")
public class ReconciliationController {

    private final ReconciliationService reconciliation;

    public ReconciliationController(ReconciliationService reconciliation) {
        this.reconciliation = reconciliation;
    }

    @GetMapping
    public ReconciliationReport report() {
        return reconciliation.check();
    }

    /** Reports as {@code GET} does, and asks practice-service to republish every aggregate behind. */
    @PostMapping("/heal")
    public ReconciliationReport heal() {
        return reconciliation.heal();
    }
}
