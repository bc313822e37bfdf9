package dev.meridian.outcomes.health;

import dev.meridian.outcomes.ingest.LiveProjection;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * The live projection's consumers: DOWN when a consumer thread died (it stops only on a failure it cannot retry;
 * the log says why), UP otherwise, with a detail when consumption is paused (a rebuild's swap).
 */
@Component("projectionHealthIndicator")
public class ProjectionHealthIndicator extends AbstractHealthIndicator {

    private final ObjectProvider<LiveProjection> projection;

    public ProjectionHealthIndicator(ObjectProvider<LiveProjection> projection) {
        super("Projection health check failed");
        this.projection = projection;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        LiveProjection live = projection.getIfAvailable();
        if (live == null) {
            builder.up().withDetail("consuming", "disabled");
            return;
        }
        builder.withDetail("group", live.groupId()).withDetail("recordsProcessed", live.recordsProcessed());
        if (!live.isRunning()) {
            builder.up().withDetail("consuming", false);
        } else if (live.consumersAlive()) {
            builder.up().withDetail("consuming", true);
        } else {
            builder.down().withDetail("consuming", false);
        }
    }
}
