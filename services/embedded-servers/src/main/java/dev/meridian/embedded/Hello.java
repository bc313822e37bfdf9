package dev.meridian.embedded;

import de.bwaldvogel.mongo.bson.Document;
import java.util.function.Function;

/**
 * The handshake command under its current name. MongoDB 4.4.2 renamed {@code isMaster} to {@code hello}, and Spring
 * Boot's MongoDB health indicator sends {@code hello}; mongo-java-server knows only the old name and answered "no
 * such command", so both services reported MongoDB DOWN while it served every request (each once carried its own
 * indicator sending {@code ping} instead). Both backends answer {@code hello} as {@code isMaster}, adding
 * {@code isWritablePrimary}, the field's name in MongoDB's own answer.
 */
final class Hello {

    private Hello() {
    }

    /** Whether the command is a handshake, under either name (drivers send the old one to an unknown server). */
    static boolean isHandshake(String command) {
        return "hello".equals(command) || "isMaster".equals(command) || "ismaster".equals(command);
    }

    /** Runs the command through {@code handler}, {@code hello} as {@code isMaster}. */
    static Document handle(String command, Function<String, Document> handler) {
        if (!"hello".equals(command)) {
            return handler.apply(command);
        }
        Document answer = handler.apply("isMaster");
        answer.put("isWritablePrimary", answer.get("ismaster"));
        return answer;
    }
}
