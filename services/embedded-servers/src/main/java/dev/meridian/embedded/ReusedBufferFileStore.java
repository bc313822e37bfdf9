package dev.meridian.embedded;

import java.util.HashMap;
import java.util.Queue;
import java.util.concurrent.ArrayBlockingQueue;
import org.h2.mvstore.FileStore;
import org.h2.mvstore.SingleFileStore;
import org.h2.mvstore.WriteBuffer;

/**
 * H2's single-file store with H2's defaults, except that the buffers chunks are serialized into start at
 * {@link #BUFFER_BYTES} and are kept for the next chunk whatever their size.
 *
 * <p>Why: H2 starts each buffer at 1 MB, grows it by half as a chunk is serialized, and keeps it only up to 4 MB. The
 * running stack commits a chunk of 3-4 MB about every second, so nearly every commit allocated 2-4 new arrays of
 * 1-5 MB. For a 1 GB heap those are "humongous" objects (at least half a 1 MB G1 region), and with the heap a
 * third full each one started a concurrent marking cycle (61 of the 72 cycles in a warm benchmark run, JFR and the
 * GC log; docs/decisions/0013-embedded-h2-write-buffers.md). A buffer made once at 8 MB and reused is one such
 * allocation per buffer for the process's life.
 */
final class ReusedBufferFileStore extends SingleFileStore {

    /** Larger than the chunks the running stack commits (bulk writes may grow it; it comes back to this size). */
    static final int BUFFER_BYTES = 8 * 1024 * 1024;

    /** As many as H2's own pool holds: its serialization pipeline's buffers in flight, plus one. */
    private final Queue<WriteBuffer> buffers = new ArrayBlockingQueue<>(FileStore.PIPE_LENGTH + 1);

    ReusedBufferFileStore() {
        super(new HashMap<>());
    }

    @Override
    public WriteBuffer getWriteBuffer() {
        WriteBuffer buffer = buffers.poll();
        if (buffer == null) {
            return new WriteBuffer(BUFFER_BYTES);
        }
        // A buffer grown beyond 4 MB goes back to the one it was made with (WriteBuffer.clear): BUFFER_BYTES.
        buffer.clear();
        return buffer;
    }

    @Override
    public void releaseWriteBuffer(WriteBuffer buffer) {
        buffers.offer(buffer);
    }
}
