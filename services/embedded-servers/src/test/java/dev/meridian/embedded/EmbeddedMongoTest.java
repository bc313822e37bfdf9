package dev.meridian.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedMongoTest {

    @Test
    void aDataDirectoryKeepsItsDocumentsAcrossACleanStopAndStart(@TempDir Path dataDir) {
        String first = EmbeddedMongo.startOnce(dataDir);
        try (MongoClient client = MongoClients.create(first)) {
            MongoCollection<Document> courses = client.getDatabase("outcomes").getCollection("course_outcomes");
            List<Document> batch = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                batch.add(new Document("_id", "course-" + i).append("chronicity", i % 2 == 0 ? "CHRONIC" : "ACUTE"));
            }
            courses.insertMany(batch);
            courses.updateOne(new Document("_id", "course-7"), new Document("$set", new Document("status", "CLOSED")));
            // A scan right before the stop: the versions it pinned are released before the store closes.
            assertThat(courses.countDocuments(new Document("chronicity", "CHRONIC"))).isEqualTo(250);
        } finally {
            EmbeddedMongo.stop();
        }
        assertThat(EmbeddedMongo.isRunning()).isFalse();

        String next = EmbeddedMongo.startOnce(dataDir);
        try (MongoClient client = MongoClients.create(next)) {
            MongoCollection<Document> courses = client.getDatabase("outcomes").getCollection("course_outcomes");
            assertThat(courses.countDocuments()).isEqualTo(500);
            assertThat(courses.find(new Document("_id", "course-7")).first()).containsEntry("status", "CLOSED");
        } finally {
            EmbeddedMongo.stop();
        }
    }
}
