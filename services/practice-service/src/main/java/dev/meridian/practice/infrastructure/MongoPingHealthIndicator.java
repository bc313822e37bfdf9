package dev.meridian.practice.infrastructure;

import com.mongodb.client.MongoClient;
import org.bson.Document;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.autoconfigure.mongo.MongoProperties;
import org.springframework.stereotype.Component;

/**
 * MongoDB health by {@code ping}. It replaces Spring Boot's indicator (same bean name, so Boot backs off), which
 * sends {@code hello}: mongo-java-server, our embedded default, does not know that command and answers
 * "no such command", so Boot reported DOWN while the database served every request. {@code ping} exists in
 * MongoDB since forever and in mongo-java-server, and proves the same thing: the server answers on the wire.
 */
@Component("mongoHealthIndicator")
public class MongoPingHealthIndicator extends AbstractHealthIndicator {

    private final MongoClient client;
    private final String database;

    public MongoPingHealthIndicator(MongoClient client, MongoProperties properties) {
        super("MongoDB health check failed");
        this.client = client;
        this.database = properties.getMongoClientDatabase();
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        Document answer = client.getDatabase(database).runCommand(new Document("ping", 1));
        Object ok = answer.get("ok");
        if (ok instanceof Number number && number.doubleValue() == 1.0) {
            builder.up().withDetail("database", database);
        } else {
            builder.down().withDetail("database", database);
        }
    }
}
