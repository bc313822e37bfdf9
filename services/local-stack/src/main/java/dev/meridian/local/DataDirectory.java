package dev.meridian.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The local stack's data directory: {@code mongo/} (the H2 file of the embedded MongoDB), {@code kafka/} (the
 * broker's log), {@code demo-data.json} (the seed marker) and a lock file, so two stacks never share one directory.
 */
final class DataDirectory implements AutoCloseable {

    static final String MARKER = "demo-data.json";
    private static final String LOCK = ".lock";
    private static final Set<String> OURS = Set.of("mongo", "kafka", MARKER, LOCK);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;
    private FileChannel lockChannel;
    private FileLock lock;

    private DataDirectory(Path dir) {
        this.dir = dir;
    }

    /** Opens (creating, or first wiping when {@code fresh}) and locks the directory. */
    static DataDirectory open(Path dir, boolean fresh) {
        Path absolute = dir.toAbsolutePath().normalize();
        try {
            Files.createDirectories(absolute);
            DataDirectory data = new DataDirectory(absolute);
            // Lock before wiping: never wipe the data of a stack that is running on it.
            data.lock();
            if (fresh) {
                try {
                    wipe(absolute);
                } catch (IOException | RuntimeException e) {
                    data.close();
                    throw e;
                }
            }
            return data;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot use the data directory " + absolute, e);
        }
    }

    Path path() {
        return dir;
    }

    /** The seed marker, if a seeding was started (status SEEDING) or finished (status SEEDED). */
    Optional<ObjectNode> marker() {
        Path file = dir.resolve(MARKER);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of((ObjectNode) JSON.readTree(file.toFile()));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }

    void writeMarker(ObjectNode marker) {
        Path file = dir.resolve(MARKER);
        Path tmp = dir.resolve(MARKER + ".tmp");
        try {
            JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), marker);
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
    }

    static ObjectNode newMarker() {
        return JSON.createObjectNode();
    }

    private void lock() throws IOException {
        lockChannel = FileChannel.open(dir.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            lock = lockChannel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            lockChannel.close();
            throw new IllegalStateException("Another Meridian local stack is using " + dir
                    + " (stop it first, or pass another --data-dir)");
        }
    }

    @Override
    public void close() {
        try {
            if (lock != null) {
                lock.release();
            }
            if (lockChannel != null) {
                lockChannel.close();
            }
        } catch (IOException e) {
            // Releasing at exit: the OS drops the lock anyway.
        } finally {
            lock = null;
            lockChannel = null;
        }
    }

    /** Deletes the directory's contents, refusing a directory that holds anything the stack did not put there. */
    private static void wipe(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path entry : entries.toList()) {
                String name = entry.getFileName().toString();
                if (!OURS.contains(name) && !name.startsWith(MARKER)) {
                    throw new IllegalStateException("Refusing to wipe " + dir + ": it holds " + name
                            + ", which the local stack did not create");
                }
            }
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                if (!p.equals(dir) && !p.equals(dir.resolve(LOCK))) {
                    Files.delete(p);
                }
            }
        }
    }
}
