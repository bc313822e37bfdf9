package dev.meridian.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoDatabase;
import java.util.function.Consumer;
import org.bson.Document;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;

/**
 * Both backends answer the handshake under its current name, {@code hello}, which Spring Boot's MongoDB health
 * indicator sends, as MongoDB 4.4.2 and later do.
 */
class HelloTest {

    @Test
    void the_memory_backend_answers_hello() {
        WireServer.with(new IndexingMemoryBackend(), "meridian_practice", answersHello());
    }

    @Test
    void the_h2_backend_answers_hello() {
        MVStore store = MVStore.open(null);
        try {
            WireServer.with(new VersionPinningH2Backend(store), "meridian_practice", answersHello());
        } finally {
            store.close();
        }
    }

    private static Consumer<MongoDatabase> answersHello() {
        return database -> {
            Document hello = database.runCommand(new Document("hello", 1));
            assertThat(hello.get("ok", Number.class).doubleValue()).isEqualTo(1.0);
            assertThat(hello.getBoolean("isWritablePrimary")).isTrue();
            assertThat(hello.getInteger("maxWireVersion")).isPositive();
            // The old name still answers as before.
            assertThat(database.runCommand(new Document("isMaster", 1)).getBoolean("ismaster")).isTrue();
        };
    }
}
