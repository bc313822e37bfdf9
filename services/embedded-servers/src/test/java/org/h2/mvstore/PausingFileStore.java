package org.h2.mvstore;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Test support (in H2's package because the chunk type is package-private): H2's own file store, except that once
 * armed, the first page read by a thread whose name starts with a given prefix waits, after reading, until released.
 * That holds a scan half way through its map, deterministically, while a test commits and compacts.
 */
public final class PausingFileStore extends SingleFileStore {

    private final CountDownLatch paused = new CountDownLatch(1);
    private final CountDownLatch released = new CountDownLatch(1);
    private volatile String threadPrefix;

    public PausingFileStore() {
        super(new HashMap<>());
    }

    public void pauseFirstReadBy(String threadNamePrefix) {
        threadPrefix = threadNamePrefix;
    }

    public boolean awaitPaused(long seconds) throws InterruptedException {
        return paused.await(seconds, TimeUnit.SECONDS);
    }

    public void release() {
        released.countDown();
    }

    @Override
    public ByteBuffer readFully(SFChunk chunk, long pos, int len) {
        // The page itself is read before the pause: the scan then has one good page and looks up every further one.
        ByteBuffer page = super.readFully(chunk, pos, len);
        String prefix = threadPrefix;
        if (prefix != null && Thread.currentThread().getName().startsWith(prefix) && paused.getCount() > 0) {
            paused.countDown();
            try {
                released.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return page;
    }
}
