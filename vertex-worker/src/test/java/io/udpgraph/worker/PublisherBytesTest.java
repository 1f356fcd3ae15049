package io.udpgraph.worker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.udpgraph.protocol.Frames;
import io.udpgraph.protocol.Integrity;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The datagrams the publisher puts on the wire, byte for byte, as a classic producer would write them. */
@Timeout(30)
class PublisherBytesTest {
    private static List<byte[]> publish(Guarantee guarantee, String id, String... texts) throws Exception {
        List<byte[]> sent = new CopyOnWriteArrayList<>();
        try (TestNodes.Node out = TestNodes.start();
             FaultyProxy proxy = new FaultyProxy(out.address(), (way, client, datagram) -> {
                 if (way == FaultyProxy.Way.UP) {
                     sent.add(datagram);
                 }
                 return List.of(new FaultyProxy.Send(way, client, datagram, 0));
             });
             Publisher p = new Publisher(List.of(Output.queue(proxy.address())), null, guarantee,
                     Duration.ofSeconds(2), new WorkerMetrics(new SimpleMeterRegistry(), "publisher-bytes-test"),
                     new ErrorLog(Logger.getLogger(PublisherBytesTest.class.getName()), "test: "), ns -> { })) {
            for (int i = 0; i < texts.length; i++) {
                p.add(0, id == null ? null : id + "." + i, texts[i]);
            }
            assertTrue(p.flush(() -> false), "every result acknowledged");
        }
        return sent;
    }

    private static byte[] concat(byte[]... frames) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] f : frames) {
            out.writeBytes(f);
        }
        return out.toByteArray();
    }

    @Test
    void plainResultsGoOutAsOneDatagramOfPutFrames() throws Exception {
        List<byte[]> sent = publish(Guarantee.AT_LEAST_ONCE, null, "a", "äpfel", "");
        assertEquals(1, sent.size());
        assertArrayEquals(concat(Frames.encode("PUT:a"), Frames.encode("PUT:äpfel"), Frames.encode("PUT:")),
                sent.get(0));
    }

    @Test
    void effectivelyOnceResultsGoOutAsPutidFramesEachInItsChecksum() throws Exception {
        List<byte[]> sent = publish(Guarantee.EFFECTIVELY_ONCE, "in-7", "x", "𝐇𝐈");
        assertEquals(1, sent.size());
        assertArrayEquals(concat(Frames.encode(Integrity.wrap("PUTID:in-7.0:x")),
                Frames.encode(Integrity.wrap("PUTID:in-7.1:𝐇𝐈"))), sent.get(0));
    }
}
