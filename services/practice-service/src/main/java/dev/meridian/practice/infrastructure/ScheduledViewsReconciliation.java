package dev.meridian.practice.infrastructure;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Runs the practice views' reconciliation ({@link PracticeViewsReconciliation}) every
 * {@code meridian.views.reconciliation.interval}, on Spring's scheduler; with {@code PT0S} it does not exist.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
@ConditionalOnExpression("T(java.time.Duration).parse('${meridian.views.reconciliation.interval}').toMillis() > 0")
public class ScheduledViewsReconciliation {

    private static final Logger log = LoggerFactory.getLogger(ScheduledViewsReconciliation.class);

    private final PracticeViewsReconciliation reconciliation;

    public ScheduledViewsReconciliation(PracticeViewsReconciliation reconciliation) {
        this.reconciliation = reconciliation;
    }

    @Scheduled(initialDelayString = "${meridian.views.reconciliation.interval}",
            fixedDelayString = "${meridian.views.reconciliation.interval}")
    public void check() {
        try {
            reconciliation.checkOnce();
        } catch (RuntimeException e) {
            // MongoDB unreachable, say: the next round tries again.
            log.warn("Practice views reconciliation failed, retrying at the next interval: {}", e.toString());
        }
    }
}
