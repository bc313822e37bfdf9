package dev.meridian.outcomes;

import dev.meridian.outcomes.reconciliation.ReconcileCommand;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.PropertySource;

/**
 * Analysts' side of Meridian: consumes {@code clinic.events} and keeps the de-identified outcome read models
 * (docs/read-models.md). Defaults live in {@code outcomes-service.properties} rather than application.properties,
 * so that the local stack can run this service beside practice-service in one JVM. No Axon here, and no code of
 * practice-service: the topic's contract ({@code clinic-events}) and practice-service's internal HTTP API are the
 * only links.
 *
 * <p>{@code --reconcile [--heal]} runs a reconciliation instead of the service, prints the report and exits
 * non-zero when the projections drift from the event store.
 */
@SpringBootApplication
@PropertySource("classpath:outcomes-service.properties")
public class OutcomesServiceApplication {

    public static void main(String[] args) {
        // Axon's update checker must never phone home (no Axon here, but one JVM may host both services).
        System.setProperty("axoniq.update-checker.disabled", "true");
        if (ReconcileCommand.isRequested(args)) {
            System.exit(ReconcileCommand.run(args, System.out));
        }
        SpringApplication.run(OutcomesServiceApplication.class, args);
    }
}
