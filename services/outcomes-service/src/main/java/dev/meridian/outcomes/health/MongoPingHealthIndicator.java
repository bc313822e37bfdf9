package dev.meridian.outcomes.health;

import com.mongodb.client.MongoClient;
import org.bson.Document;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.autoconfigure.mongo.MongoProperties;
import org.springframework.stereotype.Component;

/**
 * MongoDB health by {@code ping}, replacing Spring Boot's indicator (same bean name, so Boot backs off): Boot's
 * sends {@code hello}, which mongo-java-server (the embedded default) does not know, so it reported DOWN while the
 * database served every request. practice-service does the same for the same reason.
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
