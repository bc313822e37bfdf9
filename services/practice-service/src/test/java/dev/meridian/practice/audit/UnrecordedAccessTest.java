package dev.meridian.practice.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Clock;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/**
 * When the audit trail cannot be written (here: the real driver, and no MongoDB where it points), a read shows
 * nothing of the record and a command keeps its answer; both are counted. {@code AuditTrailTest} shows the entries
 * of a working trail.
 */
class UnrecordedAccessTest {

    private static MongoClient unreachable;

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private AuditFilter filter;

    @BeforeAll
    static void mongoWhereNoneListens() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        unreachable = MongoClients.create("mongodb://127.0.0.1:" + port
                + "/?serverSelectionTimeoutMS=300&connectTimeoutMS=300");
    }

    @AfterAll
    static void close() {
        unreachable.close();
    }

    private AuditFilter filter() {
        if (filter == null) {
            filter = new AuditFilter(new AuditTrail(new MongoTemplate(unreachable, "audit_unreachable")),
                    Clock.systemUTC(), registry);
        }
        return filter;
    }

    @Test
    void a_read_whose_entry_cannot_be_written_is_answered_503_with_nothing_of_the_record() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/patients/" + UUID.randomUUID());
        MockHttpServletResponse response = new MockHttpServletResponse();

        filter().doFilter(request, response, (req, res) -> {
            res.setContentType("application/json");
            res.getWriter().write("{\"givenName\":\"Ada\",\"familyName\":\"Marlowfield\"}");
        });

        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(response.getContentType()).startsWith("application/problem+json");
        assertThat(response.getContentAsString()).contains("audit trail").doesNotContain("Ada", "Marlowfield");
        assertThat(response.getHeader("Retry-After")).isNotBlank();
        assertThat(registry.counter(AuditFilter.UNRECORDED, "answer", "withheld").count()).isEqualTo(1);
    }

    @Test
    void a_command_whose_entry_cannot_be_written_keeps_its_answer_and_is_counted() throws Exception {
        String patientId = UUID.randomUUID().toString();
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/patients");
        MockHttpServletResponse response = new MockHttpServletResponse();

        filter().doFilter(request, response, (req, res) -> {
            ((HttpServletResponse) res).setStatus(201);
            ((HttpServletResponse) res).setHeader("Location", "/api/patients/" + patientId);
            res.getWriter().write("{\"patientId\":\"" + patientId + "\"}");
        });

        // The patient is registered already: a 503 would invite a second registration.
        assertThat(response.getStatus()).isEqualTo(201);
        assertThat(response.getContentAsString()).contains(patientId);
        assertThat(registry.counter(AuditFilter.UNRECORDED, "answer", "sent").count()).isEqualTo(1);
        assertThat(registry.counter(AuditFilter.UNRECORDED, "answer", "withheld").count()).isZero();
    }
}
