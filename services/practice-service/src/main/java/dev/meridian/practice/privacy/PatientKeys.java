package dev.meridian.practice.privacy;

import static com.mongodb.client.model.Filters.eq;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.ReplaceOptions;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.SecretKey;
import org.bson.Document;
import org.bson.types.Binary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One AES-256 key per patient, in its own collection {@value #COLLECTION} ({@code _id} = patient id), wrapped by
 * the {@link MasterKey}. Every personal field of the patient's events is sealed with it; destroying it
 * ({@link #destroy}) makes all of them unreadable at once, wherever copies of the events went (crypto-shredding).
 *
 * <p>A destroyed key leaves a tombstone ({@code _id}, {@code destroyedAt}, no key material): it says "erased"
 * rather than "never had a key", and a late writer can never create a fresh key for an erased patient (the insert
 * collides with the tombstone's {@code _id}).
 *
 * <p>Unwrapped keys are cached for {@code cacheTtl} (reading a patient's stream decrypts several events); a
 * destruction evicts the key on this node at once, on other nodes within the TTL.
 */
public class PatientKeys {

    public static final String COLLECTION = "patient_keys";

    private static final Logger log = LoggerFactory.getLogger(PatientKeys.class);
    private static final int CACHE_LIMIT = 10_000;

    private final MongoCollection<Document> keys;
    private final MasterKey master;
    private final Clock clock;
    private final Duration cacheTtl;
    private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();

    /** A cached lookup: the key, or {@code null} for a destroyed one. */
    private record Cached(SecretKey key, long expiresAtMillis) {
    }

    public PatientKeys(MongoCollection<Document> keys, MasterKey master, Clock clock, Duration cacheTtl) {
        this.keys = keys;
        this.master = master;
        this.clock = clock;
        this.cacheTtl = cacheTtl;
    }

    /** The key that opens this patient's personal data; empty when it was destroyed or never existed. */
    public Optional<SecretKey> forReading(String patientId) {
        Cached cached = cached(patientId);
        if (cached != null) {
            return Optional.ofNullable(cached.key());
        }
        Document document = keys.find(eq("_id", patientId)).first();
        if (document == null) {
            return Optional.empty(); // not cached: the key may be created in a moment
        }
        return Optional.ofNullable(remember(patientId, unwrap(patientId, document).key()).key());
    }

    /** The key to seal new personal data of this patient, created on first use; empty once it was destroyed. */
    public Optional<SecretKey> forWriting(String patientId) {
        Cached cached = cached(patientId);
        if (cached != null) {
            return Optional.ofNullable(cached.key());
        }
        Document document = keys.find(eq("_id", patientId)).first();
        if (document != null) { // a key, or a tombstone (empty)
            return Optional.ofNullable(remember(patientId, unwrap(patientId, document).key()).key());
        }
        // None stored a moment ago (one look-up, not a second one to ask whether it was destroyed): if the patient
        // was erased in between, the insert below collides with the tombstone and the tombstone wins.
        SecretKey fresh = AesGcm.newKey();
        try {
            keys.insertOne(new Document("_id", patientId)
                    .append("wrappedKey", new Binary(master.wrap(patientId, fresh)))
                    .append("masterKeyId", master.id())
                    .append("algorithm", "AES-256-GCM")
                    .append("createdAt", Date.from(clock.instant())));
            return Optional.of(remember(patientId, fresh).key());
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
            // Another writer created it (or the patient was erased) in between: use what is stored.
            cache.remove(patientId);
            return forReading(patientId);
        }
    }

    /** Whether this patient's key was destroyed (the patient was erased). */
    public boolean isDestroyed(String patientId) {
        Cached cached = cached(patientId);
        if (cached != null) {
            return cached.key() == null;
        }
        Document document = keys.find(eq("_id", patientId)).first();
        return document != null && document.containsKey("destroyedAt");
    }

    /**
     * Destroys the patient's key for good, leaving a tombstone. Idempotent: destroying twice, or a patient that
     * never had a key, leaves the same tombstone (with the first destruction's time).
     */
    public void destroy(String patientId) {
        Document stored = keys.find(eq("_id", patientId)).first();
        if (stored == null || !stored.containsKey("destroyedAt")) {
            keys.replaceOne(eq("_id", patientId),
                    new Document("_id", patientId).append("destroyedAt", Date.from(clock.instant())),
                    new ReplaceOptions().upsert(true));
            log.info("Destroyed the personal-data key of patient {}", patientId);
        }
        remember(patientId, (SecretKey) null);
    }

    private Cached unwrap(String patientId, Document document) {
        Binary wrapped = document.get("wrappedKey", Binary.class);
        if (wrapped == null) {
            return new Cached(null, 0); // a tombstone
        }
        try {
            return new Cached(master.unwrap(patientId, wrapped.getData()), 0);
        } catch (GeneralSecurityException e) {
            // Wrong master key or a tampered record: fail loudly, never treat the data as erased.
            throw new IllegalStateException("The key of patient " + patientId + " cannot be unwrapped with master key "
                    + master.id() + " (stored with " + document.getString("masterKeyId") + ")");
        }
    }

    private Cached cached(String patientId) {
        Cached cached = cache.get(patientId);
        if (cached == null) {
            return null;
        }
        if (cached.expiresAtMillis() < System.currentTimeMillis()) {
            cache.remove(patientId, cached);
            return null;
        }
        return cached;
    }

    private Cached remember(String patientId, SecretKey key) {
        if (cache.size() >= CACHE_LIMIT) {
            cache.clear(); // crude bound; a cold cache costs one lookup per patient
        }
        Cached entry = new Cached(key, System.currentTimeMillis() + cacheTtl.toMillis());
        cache.put(patientId, entry);
        return entry;
    }
}
