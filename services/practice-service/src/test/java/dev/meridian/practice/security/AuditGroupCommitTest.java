package dev.meridian.practice.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.practice.audit.AuditTrail;
import dev.meridian.practice.testing.SecuredServiceTest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The audit trail writes the entries of concurrent requests together; each caller still returns only once its own
 * entry is stored, and none is lost or written twice.
 */
class AuditGroupCommitTest extends SecuredServiceTest {

    @Autowired
    AuditTrail trail;

    @Test
    void concurrent_entries_are_each_stored_before_their_caller_returns_and_exactly_once() throws Exception {
        String subject = "pr-group-" + System.nanoTime();
        int callers = 16;
        int perCaller = 25;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            List<Future<List<String>>> results = new ArrayList<>();
            for (int c = 0; c < callers; c++) {
                int caller = c;
                Callable<List<String>> appends = () -> {
                    start.await();
                    List<String> missingRightAfterReturn = new ArrayList<>();
                    for (int i = 0; i < perCaller; i++) {
                        String path = "/api/patients/group-" + caller + "-" + i;
                        trail.append(new AuditTrail.Entry(Instant.now(), subject, "PRACTITIONER", "GET", path,
                                "GET /api/patients/{patientId}", null, null, 200, "SUCCEEDED"));
                        // Returned: so it is stored, whoever wrote it.
                        boolean stored = trail.find(null, subject, null, null, 1000).stream()
                                .anyMatch(entry -> entry.path().equals(path));
                        if (!stored) {
                            missingRightAfterReturn.add(path);
                        }
                    }
                    return missingRightAfterReturn;
                };
                results.add(pool.submit(appends));
            }
            start.countDown();
            for (Future<List<String>> result : results) {
                assertThat(result.get(60, TimeUnit.SECONDS)).isEmpty();
            }
        } finally {
            pool.shutdownNow();
        }

        List<AuditTrail.Entry> stored = trail.find(null, subject, null, null, 1000);
        assertThat(stored).hasSize(callers * perCaller);
        assertThat(stored.stream().map(AuditTrail.Entry::path).distinct()).hasSize(callers * perCaller);
    }
}
