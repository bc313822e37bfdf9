package dev.meridian.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Arrays;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.WriteBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReusedBufferFileStoreTest {

    private static final int VALUE_BYTES = 64 * 1024;
    private static final int VALUES_PER_COMMIT = 96; // 6 MB: more than H2 keeps a buffer for (4 MB)

    @Test
    void chunksLargerThanH2KeepsABufferForAreWrittenReadBackAndLeaveTheBufferForTheNext(@TempDir Path dir) {
        String file = dir.resolve("store.mv").toString();
        ReusedBufferFileStore fileStore = new ReusedBufferFileStore();
        fileStore.open(file, false, (char[]) null);
        MVStore store = new MVStore.Builder().adoptFileStore(fileStore).autoCommitDisabled().open();
        MVMap<Integer, byte[]> values = store.openMap("values");
        for (int commit = 0; commit < 3; commit++) {
            for (int i = 0; i < VALUES_PER_COMMIT; i++) {
                values.put(commit * VALUES_PER_COMMIT + i, valueFor(commit * VALUES_PER_COMMIT + i));
            }
            store.commit();
        }

        WriteBuffer next = fileStore.getWriteBuffer();
        assertThat(next.capacity()).as("back to its own size, not a new 1 MB buffer")
                .isEqualTo(ReusedBufferFileStore.BUFFER_BYTES);
        assertThat(next.position()).isZero();
        fileStore.releaseWriteBuffer(next);
        store.close();

        ReusedBufferFileStore reopenedFiles = new ReusedBufferFileStore();
        reopenedFiles.open(file, false, (char[]) null);
        MVStore reopened = new MVStore.Builder().adoptFileStore(reopenedFiles).open();
        MVMap<Integer, byte[]> read = reopened.openMap("values");
        assertThat(read.size()).isEqualTo(3 * VALUES_PER_COMMIT);
        for (int key = 0; key < 3 * VALUES_PER_COMMIT; key++) {
            assertThat(read.get(key)).as("value %d", key).isEqualTo(valueFor(key));
        }
        reopened.close();
    }

    private static byte[] valueFor(int key) {
        byte[] value = new byte[VALUE_BYTES];
        Arrays.fill(value, (byte) key);
        value[0] = (byte) (key >> 8);
        return value;
    }
}
