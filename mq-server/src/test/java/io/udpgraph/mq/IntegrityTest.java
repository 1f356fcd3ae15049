package io.udpgraph.mq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.udpgraph.protocol.Frames;
import io.udpgraph.protocol.Integrity;
import io.udpgraph.protocol.MqClient;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class IntegrityTest {
    private QueueNode node;
    private MqClient client;

    @BeforeEach
    void start() throws Exception {
        node = QueueNode.start(QueueConfig.defaults().port(0));
        client = MqClient.connect(node.address());
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        node.close();
    }

    @Test
    void aWrappedPutIsStoredAndItsReplyIsWrapped() throws Exception {
        assertEquals("215~d76384b8~PUT 5 bytes", Wire.exchange(client, "213~8b069426~PUT:hello"));
        assertEquals("hello", client.getText());
    }

    @Test
    void aBadChecksumGetsErrChecksumAndStoresNothing() throws Exception {
        String reply = Frames.decodeText(client.sendRaw(Frames.encode("~8b069427~PUT:hello")));
        String inner = unwrapText(reply);
        assertTrue(inner.startsWith("ERR checksum declared 8b069427, computed 8b069426"), inner);
        assertEquals(0, client.size());
        assertEquals(1.0, node.config().registry().get("mq.errors").tag("reason", "checksum").counter().count());
    }

    @Test
    void aGarbledTextIsRefusedNotStored() throws Exception {
        String garbled = Integrity.wrap("PUT:hello").replace("hello", "hellp");
        String reply = unwrapText(Frames.decodeText(client.sendRaw(Frames.encode(garbled))));
        assertTrue(reply.startsWith("ERR checksum"), reply);
        assertEquals(0, client.size());
    }

    @Test
    void everyReplyFrameOfAWrappedRequestIsWrapped() throws Exception {
        client.put("a");
        client.put("b");
        List<String> frames = Frames.decodeAllText(client.sendRaw(Frames.encode(Integrity.wrap("GET:5"))));
        assertEquals(2, frames.size());
        assertEquals(List.of("a", "b"), frames.stream().map(IntegrityTest::unwrapText).toList());
    }

    @Test
    void aWrappedEmptyReplyIsWrappedToo() throws Exception {
        String reply = Frames.decodeText(client.sendRaw(Frames.encode(Integrity.wrap("GET"))));
        assertEquals(Integrity.wrap(""), reply);
    }

    @Test
    void aClientWithChecksumsTalksToTheNode() throws Exception {
        try (MqClient checked = MqClient.connect(node.address(), MqClient.Options.defaults().checksums(true))) {
            checked.put("safe");
            checked.putWithId("id-1", Wire.bytes("safer"));
            assertEquals(2, checked.size());
            assertEquals("safe", checked.getText());
            assertEquals("safer", checked.lease(1, Duration.ofSeconds(5), Duration.ZERO).get(0).text());
        }
    }

    @Test
    void onlyTheWrappedCommandsOfABatchGetWrappedReplies() throws Exception {
        byte[] datagram = concat(Frames.encode(Integrity.wrap("PUT:a")), Frames.encode("SIZE"));
        List<String> frames = Frames.decodeAllText(client.sendRaw(datagram));
        assertEquals(List.of(Integrity.wrap("PUT 1 bytes"), "1"), frames);
    }

    @Test
    void aNonHexChecksumIsAChecksumError() throws Exception {
        String reply = unwrapText(Frames.decodeText(client.sendRaw(Frames.encode("~zzzzzzzz~PUT:x"))));
        assertTrue(reply.startsWith("ERR checksum checksum digit 1 is not hex"), reply);
    }

    private static byte[] unwrap(String wrapped) throws Exception {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(Wire.bytes(wrapped));
        java.nio.ByteBuffer inner = Integrity.unwrap(b);
        byte[] out = new byte[inner.remaining()];
        inner.get(out);
        return out;
    }

    private static String unwrapText(String wrapped) {
        try {
            return Wire.text(unwrap(wrapped));
        } catch (Exception e) {
            throw new AssertionError("reply is not wrapped with a valid checksum: " + wrapped, e);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
