package dev.meridian.embedded;

import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.MongoWireProtocolHandler;
import de.bwaldvogel.mongo.wire.message.ClientRequest;
import de.bwaldvogel.mongo.wire.message.MessageHeader;
import de.bwaldvogel.mongo.wire.message.MongoMessage;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The library's protocol decoder, with the documents of {@code OP_MSG} requests (every request the driver sends
 * after its handshake) decoded by {@link StoredBson}: field names shared with earlier documents instead of a new
 * string each, and no temporary array per name. Anything else (the handshake's {@code OP_QUERY}, a message with flags
 * other than a checksum, a message not yet whole) goes to the library's own decoding, unchanged.
 *
 * <p>Why: a request's documents are decoded on the server's event loop and then held by H2 until it stores them.
 * In a profile of a projection rebuild's write (JFR, 2026-12-05) the library's decoding of field names was about a
 * third of the bytes the process allocated while writing: each name became a string, and each string first a
 * temporary array, since the server's threads are not Netty's own. Every course document names the same hundred-odd
 * fields, and every stored event the same few dozen.
 *
 * <p>The server's pipeline is built inside the library; {@link #installOnHandshake} swaps this decoder in for a
 * connection when its handshake arrives. The client is then waiting for the handshake's answer, so the library's
 * decoder holds no bytes of a later message that the swap could lose.
 */
final class SharedNamesRequestDecoder extends MongoWireProtocolHandler {

    private static final int OP_MSG = 2013;
    /** The header (length, request id, response to, opcode), then OP_MSG's flags, then its sections. */
    private static final int OPCODE_AT = 12;
    private static final int FLAGS_AT = 16;
    private static final int SECTIONS_AT = 20;
    private static final int CHECKSUM_PRESENT = 1;
    private static final int KIND_BODY = 0;
    private static final int KIND_DOCUMENT_SEQUENCE = 1;

    /**
     * Puts this decoder in the place of the library's on the connection when the command is a handshake (a
     * connection's first message; a monitoring connection sends one at every check), unless it is there already.
     */
    static void installOnHandshake(Channel channel, String command) {
        if (channel == null || !Hello.isHandshake(command)) {
            return;
        }
        ChannelPipeline pipeline = channel.pipeline();
        MongoWireProtocolHandler current = pipeline.get(MongoWireProtocolHandler.class);
        if (current != null && !(current instanceof SharedNamesRequestDecoder)) {
            pipeline.replace(current, pipeline.context(current).name(), new SharedNamesRequestDecoder());
        }
    }

    @Override
    protected ClientRequest decode(ChannelHandlerContext ctx, ByteBuf in) throws Exception {
        int at = in.readerIndex();
        if (in.readableBytes() < SECTIONS_AT) {
            return super.decode(ctx, in);
        }
        int totalLength = in.getIntLE(at);
        int flags = in.getIntLE(at + FLAGS_AT);
        if (in.getIntLE(at + OPCODE_AT) != OP_MSG || (flags & ~CHECKSUM_PRESENT) != 0
                || totalLength > MAX_MESSAGE_SIZE_BYTES || totalLength < SECTIONS_AT
                || in.readableBytes() < totalLength) {
            return super.decode(ctx, in); // what the library decodes as before, or refuses as before
        }
        ByteBuf frame = in.readSlice(totalLength);
        MessageHeader header = new MessageHeader(totalLength, frame.getIntLE(4), frame.getIntLE(8));
        int sectionsEnd = totalLength - ((flags & CHECKSUM_PRESENT) != 0 ? 4 : 0);
        ByteBuffer sections = frame.nioBuffer(SECTIONS_AT, sectionsEnd - SECTIONS_AT)
                .order(ByteOrder.BIG_ENDIAN); // (StoredBson reverses the bytes itself)
        return new MongoMessage(ctx.channel(), header, body(sections));
    }

    /** The message's body with each document sequence added as a field, as the library builds it. */
    private static Document body(ByteBuffer in) {
        Document body = null;
        Map<String, List<Document>> sequences = new LinkedHashMap<>();
        while (in.hasRemaining()) {
            byte kind = in.get();
            if (kind == KIND_BODY) {
                if (body != null) {
                    throw new IllegalArgumentException("OP_MSG with a second body section");
                }
                body = StoredBson.decode(in);
            } else if (kind == KIND_DOCUMENT_SEQUENCE) {
                int start = in.position();
                int size = Integer.reverseBytes(in.getInt());
                if (size < 5 || size > in.limit() - start) {
                    throw new IllegalArgumentException("illegal OP_MSG document sequence size " + size);
                }
                String identifier = StoredBson.name(in); // ("documents", "updates", "deletes")
                List<Document> documents = new ArrayList<>();
                do {
                    documents.add(StoredBson.decode(in));
                } while (in.position() - start < size);
                if (sequences.put(identifier, documents) != null) {
                    throw new IllegalArgumentException("OP_MSG with two document sequences '" + identifier + "'");
                }
            } else {
                throw new IllegalArgumentException("unexpected OP_MSG section kind " + kind);
            }
        }
        if (body == null) {
            throw new IllegalArgumentException("OP_MSG without a body section");
        }
        for (Map.Entry<String, List<Document>> sequence : sequences.entrySet()) {
            if (body.put(sequence.getKey(), sequence.getValue()) != null) {
                throw new IllegalArgumentException("OP_MSG body and document sequence both name '"
                        + sequence.getKey() + "'");
            }
        }
        return body;
    }
}
