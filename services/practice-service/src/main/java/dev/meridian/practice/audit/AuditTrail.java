package dev.meridian.practice.audit;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gte;
import static com.mongodb.client.model.Filters.lt;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Sorts;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.ObjectId;
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

    /** At most this many entries in one write. */
    static final int MAX_BATCH = 256;

    private final MongoCollection<Document> log;
    private final ConcurrentLinkedQueue<Pending> queued = new ConcurrentLinkedQueue<>();
    private final ReentrantLock writing = new ReentrantLock();

    public AuditTrail(MongoTemplate mongo) {
        this.log = mongo.getCollection(COLLECTION);
    }

    /**
     * Writes the entry and returns once the store acknowledged it (the caller answers the request only then), or
     * throws. Entries of concurrent requests are written together (group commit): the first caller to find no
     * write in progress writes every entry queued so far in one {@code insertMany}, the others wait for that write
     * and return when theirs is in it. One round trip for several requests instead of one each; each entry is just
     * as durable when its caller returns.
     */
    public void append(Entry entry) {
        Pending mine = new Pending(new Document("_id", new ObjectId()) // set here: a retried write is recognised
                .append("at", Date.from(entry.at()))
                .append("subject", entry.subject())
                .append("role", entry.role())
                .append("method", entry.method())
                .append("path", entry.path())
                .append("action", entry.action())
                .append("resource", entry.resource())
                .append("patientId", entry.patientId())
                .append("status", entry.status())
                .append("outcome", entry.outcome()));
        queued.add(mine);
        writing.lock();
        try {
            while (!mine.done) {
                List<Pending> batch = new ArrayList<>();
                for (Pending next; batch.size() < MAX_BATCH && (next = queued.poll()) != null; ) {
                    batch.add(next);
                }
                write(batch);
            }
        } finally {
            writing.unlock();
        }
        if (mine.failure != null) {
            throw mine.failure;
        }
    }

    /** One queued entry; {@code done} and {@code failure} are set and read under {@link #writing}. */
    private static final class Pending {
        private final Document document;
        private boolean done;
        private RuntimeException failure;

        private Pending(Document document) {
            this.document = document;
        }
    }

    private void write(List<Pending> batch) {
        if (batch.isEmpty()) {
            return;
        }
        try {
            if (batch.size() == 1) {
                log.insertOne(batch.get(0).document);
            } else {
                log.insertMany(batch.stream().map(pending -> pending.document).toList());
            }
            batch.forEach(pending -> pending.done = true);
        } catch (RuntimeException e) {
            // Which of the batch reached the store is not known for every failure: each one again on its own, a
            // duplicate _id meaning it was written the first time.
            batch.forEach(this::writeAlone);
        } finally {
            for (Pending pending : batch) {
                if (!pending.done) { // an Error on the way: its waiting caller must not wait for ever
                    pending.failure = new IllegalStateException("The audit entry was not written");
                    pending.done = true;
                }
            }
        }
    }

    private void writeAlone(Pending pending) {
        try {
            log.insertOne(pending.document);
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                pending.failure = e;
            }
        } catch (RuntimeException e) {
            pending.failure = e;
        }
        pending.done = true;
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
