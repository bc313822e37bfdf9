package dev.meridian.embedded;

import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.backend.memory.MemoryDatabase;

/** mongo-java-server's in-memory backend (tests), with the secondary indexes of {@link SecondaryIndexes}. */
final class IndexingMemoryBackend extends MemoryBackend {

    @Override
    public MemoryDatabase openOrCreateDatabase(String databaseName) {
        return new SecondaryIndexes.Memory(databaseName, getCursorRegistry());
    }
}
