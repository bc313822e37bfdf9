package dev.meridian.embedded;

import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.backend.memory.MemoryDatabase;
import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.Channel;

/**
 * mongo-java-server's in-memory backend (tests), with the secondary indexes of {@link SecondaryIndexes}, answering
 * {@code hello} ({@link Hello}), decoding requests as the H2 backend does ({@link SharedNamesRequestDecoder}).
 */
final class IndexingMemoryBackend extends MemoryBackend {

    @Override
    public Document handleCommand(Channel channel, String database, String command, Document query) {
        SharedNamesRequestDecoder.installOnHandshake(channel, command);
        return Hello.handle(command, asked -> super.handleCommand(channel, database, asked, query));
    }

    @Override
    public MemoryDatabase openOrCreateDatabase(String databaseName) {
        return new SecondaryIndexes.Memory(databaseName, getCursorRegistry());
    }
}
