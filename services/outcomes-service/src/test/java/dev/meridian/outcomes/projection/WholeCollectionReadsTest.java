package dev.meridian.outcomes.projection;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoDatabase;
import dev.meridian.outcomes.support.TestServers;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/**
 * Reconciliation reads every course's {@code applied} map (and every patient's, the same way). At 300,000 courses
 * that is more than the largest reply the driver accepts (48 MB); the embedded server put a whole cursor into one
 * reply unless the reader asked for batches, and reconciliation failed every time on the local stack at that scale.
 * Here fewer, larger documents make the same 50 MB.
 */
class WholeCollectionReadsTest {

    /** About 50 MB of applied maps: more than one reply may hold. */
    private static final int COURSES = 900;
    private static final int SESSIONS_PER_COURSE = 1_000;

    @Test
    void everyCoursesAppliedSequencesAreReadWhateverTheCollectionsSize() {
        MongoDatabase database = TestServers.freshDatabase("scans");
        ReadModelStore store = new ReadModelStore(database, "");
        List<Document> courses = new ArrayList<>();
        for (int c = 0; c < COURSES; c++) {
            String courseId = "course-%05d".formatted(c);
            Document applied = new Document(courseId, 3L);
            for (int s = 0; s < SESSIONS_PER_COURSE; s++) {
                applied.append("session-%05d-%04d-of-a-long-treatment-course".formatted(c, s), (long) s % 7);
            }
            courses.add(new Document("_id", courseId).append("applied", applied));
            if (courses.size() == 50) {
                database.getCollection(ReadModelStore.COURSE_OUTCOMES).insertMany(courses);
                courses.clear();
            }
        }

        Map<String, Long> coursesSeen = new HashMap<>();
        store.forEachCourseApplied(doc -> coursesSeen.put(doc.getString("_id"),
                doc.get("applied", Document.class).values().stream().mapToLong(v -> ((Number) v).longValue()).sum()));

        long expectedSum = 3L + LongStream.range(0, SESSIONS_PER_COURSE).map(s -> s % 7).sum();
        assertThat(coursesSeen).hasSize(COURSES);
        assertThat(coursesSeen.values()).containsOnly(expectedSum);
    }
}
