package dev.meridian.practice.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoCollection;
import dev.meridian.practice.testing.SecuredServiceTest;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import javax.crypto.SecretKey;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/**
 * The key store as two nodes see it (two instances, each with its own cache, on one collection): one key per patient
 * whoever writes first, and none ever again once it was destroyed.
 */
class PatientKeysTest extends SecuredServiceTest {

    private MongoCollection<Document> collection() {
        return mongoClient.getDatabase(DATABASE).getCollection(PatientKeys.COLLECTION);
    }

    private PatientKeys node() {
        return new PatientKeys(collection(), MasterKey.development(), Clock.systemUTC(), Duration.ofMinutes(1));
    }

    @Test
    void the_first_writer_creates_the_key_and_every_node_then_uses_that_one() {
        String patientId = UUID.randomUUID().toString();
        SecretKey created = node().forWriting(patientId).orElseThrow();

        assertThat(node().forWriting(patientId)).hasValueSatisfying(
                key -> assertThat(key.getEncoded()).isEqualTo(created.getEncoded()));
        assertThat(node().forReading(patientId)).hasValueSatisfying(
                key -> assertThat(key.getEncoded()).isEqualTo(created.getEncoded()));
        assertThat(collection().countDocuments(new Document("_id", patientId))).isEqualTo(1);
    }

    @Test
    void no_key_is_written_for_a_patient_erased_on_another_node() {
        String patientId = UUID.randomUUID().toString();
        PatientKeys writer = node();
        writer.forWriting(patientId).orElseThrow();
        node().destroy(patientId);

        // A node that never saw the key: one look-up finds the tombstone.
        assertThat(node().forWriting(patientId)).isEmpty();
        // A patient erased before any key existed: the tombstone alone keeps keys out.
        String neverKeyed = UUID.randomUUID().toString();
        node().destroy(neverKeyed);
        assertThat(node().forWriting(neverKeyed)).isEmpty();
        assertThat(node().isDestroyed(neverKeyed)).isTrue();

        Document tombstone = collection().find(new Document("_id", neverKeyed)).first();
        assertThat(tombstone).isNotNull();
        assertThat(tombstone.containsKey("wrappedKey")).isFalse();
        assertThat(collection().find(new Document("_id", patientId)).first().containsKey("wrappedKey")).isFalse();
    }
}
