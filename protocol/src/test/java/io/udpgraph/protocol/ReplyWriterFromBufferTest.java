package io.udpgraph.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The frames written from a buffer (a store's chunk) are byte for byte those written from arrays. */
class ReplyWriterFromBufferTest {

    /** A direct buffer holding junk, then the id, then the body, as a store's chunk holds a record. */
    private static ByteBuffer chunk(String id, byte[] body) {
        ByteBuffer b = ByteBuffer.allocateDirect(64 + id.length() + body.length);
        b.position(17);
        b.put(id.getBytes(StandardCharsets.US_ASCII)).put(body);
        return b.clear();
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aMessageFrameFromABufferIsTheArrayOnes(boolean wrapped) {
        byte[] body = "héllo, queue".getBytes(StandardCharsets.UTF_8);
        ReplyWriter fromArray = new ReplyWriter();
        ReplyWriter fromBuffer = new ReplyWriter();
        fromArray.wrap(wrapped);
        fromBuffer.wrap(wrapped);
        fromArray.message(body);
        fromBuffer.message(chunk("", body), 17, body.length);
        assertArrayEquals(fromArray.copy(), fromBuffer.copy());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "order-42"})
    void aLeaseFrameFromABufferIsTheArrayOnes(String id) {
        byte[] body = "payload".getBytes(StandardCharsets.UTF_8);
        ReplyWriter fromArray = new ReplyWriter();
        ReplyWriter fromBuffer = new ReplyWriter();
        String messageId = id.isEmpty() ? null : id;
        fromArray.lease(123_456, 0x0123_4567_89ab_cdefL, 3, messageId, body);
        fromBuffer.lease(123_456, 0x0123_4567_89ab_cdefL, 3, chunk(id, body), 17, id.length(), body.length);
        assertArrayEquals(fromArray.copy(), fromBuffer.copy());
        assertEquals(ReplyWriter.leaseTextLength(123_456, 3, messageId, body.length),
                ReplyWriter.leaseTextLength(123_456, 3, id.length(), body.length));
    }
}
