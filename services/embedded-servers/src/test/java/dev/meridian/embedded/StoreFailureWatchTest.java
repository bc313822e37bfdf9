package dev.meridian.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.SingleFileStore;
import org.h2.mvstore.WriteBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreFailureWatchTest {

    @Test
    void aStoreThatRanOutOfHeapWritingItsChunkIsReportedOnceAndKeepsWhatItHadCommitted(@TempDir Path dir) {
        String file = dir.resolve("store.mv").toString();
        OutOfHeapFileStore files = new OutOfHeapFileStore();
        files.open(file, false, (char[]) null);
        StoreFailureWatch watch = new StoreFailureWatch();
        MVStore store = new MVStore.Builder().adoptFileStore(files).backgroundExceptionHandler(watch).open();
        watch.watch(store, 20);
        List<Throwable> reported = new CopyOnWriteArrayList<>();
        watch.onFailure(reported::add);
        MVMap<Integer, String> values = store.openMap("values");
        values.put(1, "committed");
        store.commit();

        // The next chunk cannot be serialized, as when the heap ran out in the benchmark's long run: H2's background
        // writer commits it, fails and closes the store.
        files.outOfHeap = true;
        values.put(2, "never committed");
        store.setAutoCommitDelay(10);

        await().atMost(Duration.ofSeconds(10)).until(() -> !reported.isEmpty());
        assertThat(reported.get(0)).as("H2's reason").hasRootCauseInstanceOf(OutOfMemoryError.class);
        assertThatThrownBy(() -> values.put(3, "after")).hasMessageContaining("is closed");
        assertThat(store.isClosed()).as("for good").isTrue();
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(1)).until(() -> reported.size() == 1);
        watch.close();

        SingleFileStore reopenedFiles = new SingleFileStore(new HashMap<>());
        reopenedFiles.open(file, false, (char[]) null);
        MVStore reopened = new MVStore.Builder().adoptFileStore(reopenedFiles).open();
        MVMap<Integer, String> read = reopened.openMap("values");
        assertThat(read.get(1)).isEqualTo("committed");
        assertThat(read.containsKey(2)).isFalse();
        reopened.close();
    }

    @Test
    void aCleanCloseIsNotAFailure(@TempDir Path dir) {
        StoreFailureWatch watch = new StoreFailureWatch();
        MVStore store = new MVStore.Builder().fileName(dir.resolve("store.mv").toString())
                .backgroundExceptionHandler(watch).open();
        watch.watch(store, 20);
        List<Throwable> reported = new CopyOnWriteArrayList<>();
        watch.onFailure(reported::add);
        store.openMap("values").put(1, "committed");
        store.close();

        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(1)).until(reported::isEmpty);
        watch.close();
    }

    /** A file store whose next chunk buffer cannot be had, as when the heap is exhausted. */
    private static final class OutOfHeapFileStore extends SingleFileStore {
        volatile boolean outOfHeap;

        OutOfHeapFileStore() {
            super(new HashMap<>());
        }

        @Override
        public WriteBuffer getWriteBuffer() {
            if (outOfHeap) {
                throw new OutOfMemoryError("Capacity: 18874368 (simulated)");
            }
            return super.getWriteBuffer();
        }
    }
}
