package io.udpgraph.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * How long a reply may take, as the {@link RequestWriter} notes it while writing: a client waits that long without
 * reading its own request back, so it must agree with {@link RequestReader#longestWaitMs} on every typed request.
 */
class RequestWaitTest {
    private final ByteBuffer buf = ByteBuffer.allocate(ProtocolLimits.MAX_DATAGRAM_BYTES);
    private final RequestWriter w = new RequestWriter(buf);

    private long readBack() {
        return RequestReader.longestWaitMs(buf.duplicate().flip());
    }

    @Test
    void aBatchOfPutsWaitsForNothing() {
        for (int i = 0; i < 200; i++) {
            w.put(("message " + i).getBytes(StandardCharsets.UTF_8));
        }
        assertEquals(0, w.longestWaitMs());
        assertEquals(readBack(), w.longestWaitMs());
    }

    @Test
    void anAckThenALeaseWaitsAsTheLease() {
        w.ack(LeaseIds.of(new LeaseId(41, 0x9c1f0e3a5b7d2e81L))).lease(10, 30_000, 1_200);
        assertEquals(1_200, w.longestWaitMs());
        assertEquals(readBack(), w.longestWaitMs());
    }

    @Test
    void putsThenAGetWaitAsTheGet() {
        w.put("a".getBytes(StandardCharsets.UTF_8)).put("b".getBytes(StandardCharsets.UTF_8)).get(3, 40);
        assertEquals(40, w.longestWaitMs());
        assertEquals(readBack(), w.longestWaitMs());
    }

    @Test
    void aLeaseWithoutAWaitWaitsForNothing() {
        w.lease(10, 30_000).get(4);
        assertEquals(0, w.longestWaitMs());
        assertEquals(readBack(), w.longestWaitMs());
    }

    @Test
    void aRawCommandLeavesTheWaitToBeReadBack() {
        w.put("a".getBytes(StandardCharsets.UTF_8)).text("GET:2:900".getBytes(StandardCharsets.UTF_8));
        assertEquals(-1, w.longestWaitMs());
        assertEquals(900, readBack());
    }

    @Test
    void wrappingStartsANewRequestWithNoWait() {
        w.get(1, 700).text("GET:2:900".getBytes(StandardCharsets.UTF_8));
        buf.clear();
        w.wrap(buf).put("x".getBytes(StandardCharsets.UTF_8));
        assertEquals(0, w.longestWaitMs());
    }

    @Test
    void aChecksummedWaitIsNotedAsAPlainOne() {
        w.checksums(true).lease(2, 1_000, 250);
        assertEquals(250, w.longestWaitMs());
        assertEquals(readBack(), w.longestWaitMs());
    }
}
