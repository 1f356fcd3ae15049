package io.udpgraph.router;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.udpgraph.protocol.FrameCursor;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MessageCountTest {
    private static int count(String datagram) {
        return MessageCount.of(new FrameCursor(), ByteBuffer.wrap(datagram.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aBatchCountsOneMessagePerFrame() {
        assertEquals(3, count("15PUT:a15PUT:b14SIZE"));
    }

    @Test
    void aDatagramThatIsNoFrameCountsAsOneMessage() {
        assertEquals(1, count("zz garbled"));
    }

    @Test
    void framesBeforeGarbledBytesAreCounted() {
        assertEquals(2, count("13GET13GETzz"));
    }

    @Test
    void countingLeavesTheBufferWhereItWas() {
        ByteBuffer b = ByteBuffer.wrap("13GET13GET".getBytes(StandardCharsets.UTF_8));
        MessageCount.of(new FrameCursor(), b);
        assertEquals(0, b.position());
        assertEquals(10, b.limit());
    }
}
