package io.udpgraph.mq;

import static io.udpgraph.mq.Wire.exchange;
import static io.udpgraph.mq.Wire.one;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.udpgraph.protocol.MqClient;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ClassicProtocolTest {
    private static final String SEED_UTF8 = "𝐇𝐞𝐥𝐥𝐨 𝐰𝐨𝐫𝐥𝐝";

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
    void putRepliesWithTheByteCountOnTheWire() throws Exception {
        assertEquals("1cPUT 11 bytes", exchange(client, "1fPUT:Lorem Ipsum"));
    }

    @Test
    void getOnEmptyQueueRepliesWithEmptyFrame() throws Exception {
        assertEquals("10", exchange(client, "13GET"));
    }

    @Test
    void sizeOnEmptyQueueRepliesZero() throws Exception {
        assertEquals("110", exchange(client, "14SIZE"));
    }

    @Test
    void putThenGetReturnsTheMessageOnTheWire() throws Exception {
        assertEquals("1bPUT 5 bytes", exchange(client, "19PUT:hello"));
        assertEquals("111", exchange(client, "14SIZE"));
        assertEquals("15hello", exchange(client, "13GET"));
        assertEquals("10", exchange(client, "13GET"));
    }

    @Test
    void messagesComeBackInFifoOrder() throws Exception {
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            sent.add("message " + i);
            client.put("message " + i);
        }
        List<String> got = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            got.add(client.getText());
        }
        assertEquals(sent, got);
        assertEquals(0, client.get().length);
    }

    @Test
    void sizeCountsTheMessagesHeld() throws Exception {
        client.put("a");
        client.put("b");
        client.put("c");
        assertEquals(3, client.size());
        client.get();
        assertEquals(2, client.size());
        assertEquals(2, node.size());
    }

    @Test
    void seedUtf8TextIsStoredAsItsBytes() throws Exception {
        assertEquals(41, client.put(SEED_UTF8));
        byte[] raw = client.sendRaw(Wire.bytes("13GET"));
        byte[] expected = Wire.bytes("229" + SEED_UTF8);
        assertArrayEquals(expected, raw);
    }

    @Test
    void putCountsUtf8BytesNotCharacters() throws Exception {
        assertEquals("PUT 6 bytes", one(client, "PUT:héllo")); // é is two bytes
    }

    @Test
    void colonsAfterTheVerbBelongToTheMessage() throws Exception {
        client.put("a:b");
        assertEquals("a:b", client.getText());
    }

    @Test
    void putWithoutColonStoresAnEmptyMessage() throws Exception {
        assertEquals("PUT 0 bytes", one(client, "PUT"));
        assertEquals(1, client.size());
        assertEquals("10", exchange(client, "13GET"));
        assertEquals(0, client.size());
    }

    @Test
    void getWithAnArgumentThatIsNotANumberIsAClassicGet() throws Exception {
        client.put("one");
        client.put("two");
        assertEquals("one", one(client, "GET:anything"));
        assertEquals(1, client.size());
    }

    @Test
    void sizeWithAnArgumentIsASize() throws Exception {
        client.put("one");
        assertEquals("1", one(client, "SIZE:whatever"));
    }

    @Test
    void hexInUpperCaseAndLeadingZerosAreAccepted() throws Exception {
        assertEquals("1bPUT 5 bytes", exchange(client, "209PUT:HELLO"));
        assertEquals("1bPUT 6 bytes", exchange(client, "1APUT:hello!"));
        assertEquals("15HELLO", exchange(client, "13GET"));
    }

    @Test
    void aMessageOf60000BytesMakesTheRoundTrip() throws Exception {
        StringBuilder sb = new StringBuilder(60_000);
        for (int i = 0; i < 60_000; i++) {
            sb.append((char) ('a' + i % 26));
        }
        String big = sb.toString();
        assertEquals(60_000, client.put(big));
        assertEquals(big, client.getText());
    }
}
