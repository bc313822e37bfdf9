package dev.meridian.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import org.bson.Document;
import org.junit.jupiter.api.Test;

/**
 * Both backends answer the handshake under its current name, {@code hello}, which Spring Boot's MongoDB health
 * indicator sends, as MongoDB 4.4.2 and later do.
 */
class HelloTest {

    @Test
    void both_backends_answer_hello() {
        WireServer.withEachBackend("meridian_practice", database -> {
            Document hello = database.runCommand(new Document("hello", 1));
            assertThat(hello.get("ok", Number.class).doubleValue()).isEqualTo(1.0);
            assertThat(hello.getBoolean("isWritablePrimary")).isTrue();
            assertThat(hello.getInteger("maxWireVersion")).isPositive();
            // The old name still answers as before.
            assertThat(database.runCommand(new Document("isMaster", 1)).getBoolean("ismaster")).isTrue();
        });
    }
}
