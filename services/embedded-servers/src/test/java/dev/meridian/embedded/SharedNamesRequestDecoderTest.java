package dev.meridian.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.MongoWireProtocolHandler;
import de.bwaldvogel.mongo.wire.message.ClientRequest;
import de.bwaldvogel.mongo.wire.message.MongoMessage;
import de.bwaldvogel.mongo.wire.message.MongoQuery;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class SharedNamesRequestDecoderTest {

    private static final int OP_MSG = 2013;
    private static final int OP_QUERY = 2004;

    @Test
    void decodesAnInsertWithADocumentSequenceAsTheLibraryDoes() {
        for (boolean checksum : List.of(false, true)) {
            byte[] message = opMsg(7, checksum ? 1 : 0, checksum,
                    new Document("insert", "course_outcomes").append("ordered", false).append("$db", "meridian"),
                    "documents", List.of(StoredBsonTest.course(1), StoredBsonTest.everyKind(), new Document()));

            MongoMessage librarys = (MongoMessage) decoded(new MongoWireProtocolHandler(), message);
            MongoMessage ours = (MongoMessage) decoded(new SharedNamesRequestDecoder(), message);

            assertThat(StoredBsonTest.librarys(ours.getDocument())).as("the same values")
                    .isEqualTo(StoredBsonTest.librarys(librarys.getDocument()));
            assertThat(StoredBsonTest.types(ours.getDocument())).as("the same types, in the same order")
                    .isEqualTo(StoredBsonTest.types(librarys.getDocument()));
            assertThat(ours.getDatabaseName()).isEqualTo("meridian");
            assertThat(ours.getHeader().getRequestID()).isEqualTo(librarys.getHeader().getRequestID()).isEqualTo(7);
            assertThat(ours.getHeader().getTotalLength()).isEqualTo(message.length);
        }
    }

    @Test
    void requestsShareTheirFieldNamesWhereTheLibraryMakesNewOnes() {
        byte[] message = opMsg(1, 0, false, new Document("insert", "course_outcomes").append("$db", "meridian"),
                "documents", List.of(StoredBsonTest.course(1)));

        String ours1 = firstNameOfFirstDocument(decoded(new SharedNamesRequestDecoder(), message));
        String ours2 = firstNameOfFirstDocument(decoded(new SharedNamesRequestDecoder(), message));
        String librarys1 = firstNameOfFirstDocument(decoded(new MongoWireProtocolHandler(), message));
        String librarys2 = firstNameOfFirstDocument(decoded(new MongoWireProtocolHandler(), message));

        assertThat(ours2).isEqualTo(ours1).isSameAs(ours1);
        assertThat(librarys2).isEqualTo(librarys1).isNotSameAs(librarys1);
    }

    @Test
    void aMessageArrivingInPiecesIsDecodedOnceWhole() {
        byte[] message = opMsg(3, 0, false, new Document("find", "patient_streams").append("$db", "meridian"),
                null, null);
        EmbeddedChannel channel = new EmbeddedChannel(new SharedNamesRequestDecoder());

        channel.writeInbound(Unpooled.wrappedBuffer(message, 0, 10));
        assertThat((Object) channel.readInbound()).as("nothing before the message is whole").isNull();
        channel.writeInbound(Unpooled.wrappedBuffer(message, 10, message.length - 10));

        MongoMessage decoded = channel.readInbound();
        assertThat(decoded.getDocument()).isEqualTo(new Document("find", "patient_streams").append("$db", "meridian"));
    }

    @Test
    void theHandshakesOpQueryIsTheLibrarysToDecode() {
        byte[] query = opQuery(new Document("isMaster", 1).append("client", new Document("driver", "test")));

        ClientRequest ours = decoded(new SharedNamesRequestDecoder(), query);
        ClientRequest librarys = decoded(new MongoWireProtocolHandler(), query);

        assertThat(ours).isInstanceOf(MongoQuery.class);
        assertThat(((MongoQuery) ours).getQuery()).isEqualTo(((MongoQuery) librarys).getQuery());
        assertThat(ours.getFullCollectionName()).isEqualTo("admin.$cmd");
    }

    @Test
    void whatTheLibraryRefusesIsRefused() {
        Document body = new Document("insert", "course_outcomes").append("$db", "meridian");
        byte[] moreToCome = opMsg(1, 2, false, body, null, null);
        byte[] noBody = opMsg(1, 0, false, null, "documents", List.of(new Document("_id", 1)));
        byte[] twoBodies = concatSections(opMsg(1, 0, false, body, null, null), body);

        for (byte[] message : List.of(moreToCome, noBody, twoBodies)) {
            assertThatThrownBy(() -> decoded(new MongoWireProtocolHandler(), message)).as("the library's")
                    .isInstanceOf(Exception.class);
            assertThatThrownBy(() -> decoded(new SharedNamesRequestDecoder(), message)).as("ours")
                    .isInstanceOf(Exception.class);
        }
    }

    @Test
    void aHandshakeSwapsTheDecoderInOnceAndOtherCommandsLeaveItAsItIs() {
        ChannelInboundHandlerAdapter next = new ChannelInboundHandlerAdapter();
        EmbeddedChannel channel = new EmbeddedChannel();
        channel.pipeline().addLast("decoder", new MongoWireProtocolHandler()).addLast("handler", next);

        SharedNamesRequestDecoder.installOnHandshake(channel, "find");
        assertThat(channel.pipeline().get("decoder")).isNotInstanceOf(SharedNamesRequestDecoder.class);

        SharedNamesRequestDecoder.installOnHandshake(channel, "hello");
        Object installed = channel.pipeline().get("decoder");
        assertThat(installed).isInstanceOf(SharedNamesRequestDecoder.class);
        assertThat(channel.pipeline().names()).startsWith("decoder", "handler");

        SharedNamesRequestDecoder.installOnHandshake(channel, "isMaster");
        assertThat(channel.pipeline().get("decoder")).isSameAs(installed);
    }

    private static ClientRequest decoded(MongoWireProtocolHandler decoder, byte[] message) {
        EmbeddedChannel channel = new EmbeddedChannel(decoder);
        channel.writeInbound(Unpooled.wrappedBuffer(message));
        ClientRequest request = channel.readInbound();
        assertThat(request).as("one request decoded").isNotNull();
        channel.finishAndReleaseAll();
        return request;
    }

    @SuppressWarnings("unchecked")
    private static String firstNameOfFirstDocument(ClientRequest request) {
        List<Document> documents = (List<Document>) ((MongoMessage) request).getDocument().get("documents");
        return documents.get(0).keySet().iterator().next();
    }

    /** An OP_MSG: a body section (unless null) and a document sequence (unless null), then a checksum if asked. */
    private static byte[] opMsg(int requestId, int flags, boolean checksum, Document body, String sequence,
                                List<Document> documents) {
        ByteBuf out = Unpooled.buffer();
        out.writeIntLE(0).writeIntLE(requestId).writeIntLE(0).writeIntLE(OP_MSG).writeIntLE(flags);
        if (body != null) {
            out.writeByte(0).writeBytes(StoredBsonTest.librarys(body));
        }
        if (sequence != null) {
            int start = out.writerIndex();
            out.writeByte(1).writeIntLE(0).writeBytes(sequence.getBytes(StandardCharsets.UTF_8)).writeByte(0);
            documents.forEach(document -> out.writeBytes(StoredBsonTest.librarys(document)));
            out.setIntLE(start + 1, out.writerIndex() - start - 1);
        }
        if (checksum) {
            out.writeIntLE(0x12345678);
        }
        out.setIntLE(0, out.writerIndex());
        return bytes(out);
    }

    /** The message with one more body section at its end. */
    private static byte[] concatSections(byte[] message, Document body) {
        ByteBuf out = Unpooled.buffer().writeBytes(message).writeByte(0).writeBytes(StoredBsonTest.librarys(body));
        out.setIntLE(0, out.writerIndex());
        return bytes(out);
    }

    private static byte[] opQuery(Document query) {
        ByteBuf out = Unpooled.buffer();
        out.writeIntLE(0).writeIntLE(1).writeIntLE(0).writeIntLE(OP_QUERY).writeIntLE(0)
                .writeBytes("admin.$cmd".getBytes(StandardCharsets.UTF_8)).writeByte(0).writeIntLE(0).writeIntLE(-1)
                .writeBytes(StoredBsonTest.librarys(query));
        out.setIntLE(0, out.writerIndex());
        return bytes(out);
    }

    private static byte[] bytes(ByteBuf buffer) {
        byte[] bytes = new byte[buffer.readableBytes()];
        buffer.readBytes(bytes);
        return bytes;
    }
}
