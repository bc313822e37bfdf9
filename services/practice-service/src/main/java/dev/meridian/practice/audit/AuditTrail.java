package dev.meridian.practice.audit;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gte;
import static com.mongodb.client.model.Filters.lt;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Sorts;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * The audit trail: one document per request to the staff or internal API, in collection {@value #COLLECTION}.
 * Append-only: this class only inserts and finds (HIPAA 164.312(b)); in production the service's MongoDB user
 * should have no update or remove right on it (docs/security.md). Entries hold ids, roles and paths, never
 * personal data.
 */
@Component
public class AuditTrail {

    public static final String COLLECTION = "audit_log";

    /**
     * One access.
     *
     * @param subject   the token's subject, or {@code null} for a request without a valid token
     * @param action    method and matched path pattern, e.g. {@code POST /api/sessions/{sessionId}/start}
     * @param resource  {@code Patient/<id>}, {@code TreatmentCourse/<id>} or {@code Session/<id>}, when named
     * @param patientId the patient the record belongs to, when known
     * @param status    the HTTP status answered
     * @param outcome   {@code SUCCEEDED}, {@code DENIED} (401, 403, 404 of access), {@code REFUSED} (other 4xx) or
     *                  {@code FAILED} (5xx)
     */
    public record Entry(Instant at, String subject, String role, String method, String path, String action,
                        String resource, String patientId, int status, String outcome) {
    }

    private final MongoCollection<Document> log;

    public AuditTrail(MongoTemplate mongo) {
        this.log = mongo.getCollection(COLLECTION);
    }

    public void append(Entry entry) {
        log.insertOne(new Document("at", Date.from(entry.at()))
                .append("subject", entry.subject())
                .append("role", entry.role())
                .append("method", entry.method())
                .append("path", entry.path())
                .append("action", entry.action())
                .append("resource", entry.resource())
                .append("patientId", entry.patientId())
                .append("status", entry.status())
                .append("outcome", entry.outcome()));
    }

    /** Newest first; every filter optional. */
    public List<Entry> find(String patientId, String subject, Instant from, Instant to, int limit) {
        List<Bson> filters = new ArrayList<>();
        if (patientId != null) {
            filters.add(eq("patientId", patientId));
        }
        if (subject != null) {
            filters.add(eq("subject", subject));
        }
        if (from != null) {
            filters.add(gte("at", Date.from(from)));
        }
        if (to != null) {
            filters.add(lt("at", Date.from(to)));
        }
        List<Entry> entries = new ArrayList<>();
        for (Document d : log.find(filters.isEmpty() ? new Document() : and(filters))
                .sort(Sorts.descending("at")).limit(limit)) {
            entries.add(new Entry(d.getDate("at").toInstant(), d.getString("subject"), d.getString("role"),
                    d.getString("method"), d.getString("path"), d.getString("action"), d.getString("resource"),
                    d.getString("patientId"), d.getInteger("status", 0), d.getString("outcome")));
        }
        return entries;
    }
}
