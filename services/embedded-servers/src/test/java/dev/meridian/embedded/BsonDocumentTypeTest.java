package dev.meridian.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.file.Path;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.Page;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BsonDocumentTypeTest {

    @Test
    void h2CountsAStoredDocumentAtSeveralTimesItsEncodedSizeAndSoKeepsFewerOfThemPerPage(@TempDir Path dir) {
        MVStore store = new MVStore.Builder().fileName(dir.resolve("store.mv").toString()).open();
        MVMap<String, Document> documents = store.openMap("documents",
                new MVMap.Builder<String, Document>().valueType(BsonDocumentType.INSTANCE));
        Document course = course();
        for (int i = 0; i < 2_000; i++) {
            documents.put("course-" + i, course); // encoded on each commit: the running average settles
            if (i % 100 == 99) {
                store.commit();
            }
        }
        ByteBuf bson = Unpooled.buffer();
        BsonEncoder.encodeDocument(course, bson);
        int encoded = bson.readableBytes();

        assertThat(encoded).isBetween(1_000, 1_500);
        assertThat(BsonDocumentType.INSTANCE.getMemory(course)).as("about eight times the encoded size (decision 0024)")
                .isBetween(8 * encoded * 9 / 10, 8 * encoded);
        // H2 splits a page at 16 KB by this count: a leaf holds a few documents, not the 16 their bytes would fit.
        long[] leavesAndEntries = new long[2];
        countLeaves(documents.getRootPage(), leavesAndEntries);
        assertThat(leavesAndEntries[1] / (double) leavesAndEntries[0]).as("documents per leaf page")
                .isLessThanOrEqualTo(2.0);
        store.close();
    }

    private static void countLeaves(Page<String, Document> page, long[] leavesAndEntries) {
        if (page.isLeaf()) {
            leavesAndEntries[0]++;
            leavesAndEntries[1] += page.getKeyCount();
            return;
        }
        for (int child = 0; child < page.getRawChildPageCount(); child++) {
            countLeaves(page.getChildPage(child), leavesAndEntries);
        }
    }

    /** About a kilobyte encoded, as the services' documents are. */
    private static Document course() {
        Document course = new Document("_id", "course-x").append("chronicity", "CHRONIC")
                .append("locationId", "loc-aldmere").append("practitionerId", "pr-3").append("opened", true);
        for (int session = 0; session < 12; session++) {
            course.append("session" + session, new Document("painBefore", 7).append("painAfter", 3)
                    .append("psoasReleased", true).append("retainedMinutes", 25).append("when", "2026-12-03T10:00Z"));
        }
        return course;
    }
}
