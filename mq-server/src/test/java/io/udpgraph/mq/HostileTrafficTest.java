package io.udpgraph.mq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.udpgraph.protocol.Frames;
import io.udpgraph.protocol.Lease;
import io.udpgraph.protocol.MqClient;
import io.udpgraph.runtime.Allowlist;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** What a stranger on the node's port can do, tried on loopback: each scenario of the trust model, end to end. */
class HostileTrafficTest {

    private static QueueNode start(SourcePolicy policy) throws Exception {
        return QueueNode.start(QueueConfig.defaults().port(0), policy);
    }

    private static void send(DatagramSocket s, InetSocketAddress to, String command) throws Exception {
        byte[] b = Frames.encode(command);
        s.send(new DatagramPacket(b, b.length, to));
    }

    private static byte[] receive(DatagramSocket s, int timeoutMs) throws Exception {
        s.setSoTimeout(timeoutMs);
        byte[] b = new byte[65_536];
        DatagramPacket p = new DatagramPacket(b, b.length);
        try {
            s.receive(p);
        } catch (SocketTimeoutException e) {
            return null;
        }
        byte[] out = new byte[p.getLength()];
        System.arraycopy(b, 0, out, 0, out.length);
        return out;
    }

    private static void await(BooleanSupplier done) throws InterruptedException {
        long end = System.nanoTime() + 5_000_000_000L;
        while (!done.getAsBoolean() && System.nanoTime() < end) {
            Thread.sleep(5);
        }
        assertTrue(done.getAsBoolean(), "timed out waiting");
    }

    @Test
    void aServedLongPollLeavesTheDeadlineQueueAtOnce() throws Exception {
        try (QueueNode node = start(SourcePolicy.embedded()); DatagramSocket s = new DatagramSocket()) {
            for (int i = 0; i < 50; i++) {
                send(s, node.address(), "GET:1:60000");
                await(() -> node.parkedPolls() == 1);
                send(s, node.address(), "PUT:x");
                assertTrue(receive(s, 2000) != null);
                assertTrue(receive(s, 2000) != null);
            }
            assertEquals(0, node.parkedPolls());
            assertEquals(0, node.queuedDeadlines(), "served waiters must not wait out their 60 s deadline");
        }
    }

    @Test
    void oneSourceAddressCannotTakeEveryLongPollSlotNorTheNextMessage() throws Exception {
        try (QueueNode node = start(SourcePolicy.embedded());
             DatagramSocket legit = new DatagramSocket(new InetSocketAddress("127.0.0.2", 0))) {
            List<DatagramSocket> attackers = new ArrayList<>();
            try {
                for (int port = 0; port < 20; port++) {
                    DatagramSocket a = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
                    attackers.add(a);
                    for (int i = 0; i < 60; i++) {
                        send(a, node.address(), "GET:1:60000");
                    }
                }
                await(() -> node.parkedPolls() == LongPolls.MAX_PARKED_PER_SOURCE);
                send(legit, node.address(), "GET:1:5000");
                await(() -> node.parkedPolls() == LongPolls.MAX_PARKED_PER_SOURCE + 1);
                try (MqClient producer = MqClient.connect(node.address())) {
                    producer.put("for the legitimate consumer");
                }
                byte[] got = receive(legit, 3000);
                assertTrue(got != null, "the legitimate GET was answered");
                assertEquals("for the legitimate consumer", Frames.decodeText(got));
            } finally {
                attackers.forEach(DatagramSocket::close);
            }
        }
    }

    @Test
    void aShortLeaseIsClampedToTheMinimumSoOneRequestCannotBeReplayedIntoAFlood() throws Exception {
        try (QueueNode node = start(SourcePolicy.embedded().minLease(Duration.ofMillis(300)));
             MqClient client = MqClient.connect(node.address())) {
            client.put("x".repeat(1000));
            assertEquals(1, client.lease(1, Duration.ofMillis(1), Duration.ZERO).size());
            Thread.sleep(100);
            assertTrue(client.lease(1, Duration.ofMillis(1), Duration.ZERO).isEmpty(),
                    "a 1 ms lease lasts the minimum of 300 ms");
            await(() -> node.size() == 1);
        }
    }

    @Test
    void aSourcePastItsReplyBudgetGetsNoReplyAndChangesNothing() throws Exception {
        try (QueueNode node = start(SourcePolicy.embedded().maxReplyBytesPerSecond(65_536))) {
            assertPastItsBudgetASourceGetsNoReplyAndChangesNothing(node);
        }
    }

    /** A journal that forces on commit, as {@code --fsync always} does, so the node serves through its turn loop. */
    private static final class ForcingJournal extends StoreJournalTest.RecordingJournal {
        @Override
        public boolean commitsPerTurn() {
            return true;
        }
    }

    @Test
    void aGroupCommittingNodeAlsoRefusesASourcePastItsReplyBudget() throws Exception {
        try (QueueNode node = QueueNode.start(QueueConfig.defaults().port(0).journal(new ForcingJournal()),
                SourcePolicy.embedded().maxReplyBytesPerSecond(65_536))) {
            assertPastItsBudgetASourceGetsNoReplyAndChangesNothing(node);
        }
    }

    /** 200 messages of 1 KB, then ten {@code GET:20} from one source with a budget of 64 KB per second. */
    private static void assertPastItsBudgetASourceGetsNoReplyAndChangesNothing(QueueNode node) throws Exception {
        try (MqClient producer = MqClient.connect(node.address()); DatagramSocket s = new DatagramSocket()) {
            for (int i = 0; i < 200; i++) {
                producer.put("y".repeat(1000));
            }
            for (int i = 0; i < 10; i++) {
                send(s, node.address(), "GET:20");
            }
            int answered = 0;
            while (receive(s, 300) != null) {
                answered++;
            }
            assertTrue(answered >= 4 && answered <= 5, "a burst of 64 KB draws four replies of 20 KB: " + answered);
            assertEquals(200 - 20L * answered, node.size(), "a refused GET takes nothing");
            assertEquals(10 - answered, node.metricsForTests().refusedCount(QueueMetrics.Refusal.REPLY_BUDGET));
        }
    }

    @Test
    void anErrorReplyIsAtMost64BytesOrTwiceItsRequest() throws Exception {
        try (QueueNode node = start(SourcePolicy.embedded()); MqClient client = MqClient.connect(node.address())) {
            assertTrue(client.sendRaw(new byte[] {'9'}).length <= 64);
            StringBuilder many = new StringBuilder();
            for (int i = 0; i < 200; i++) {
                many.append("10");
            }
            byte[] request = Wire.bytes(many.toString());
            byte[] reply = client.sendRaw(request);
            assertEquals(200, Frames.decodeAllText(reply).size(), "still one reply unit per command");
            // Past the datagram's error budget (twice its size) each ERR is its reason alone.
            int reasonOnly = Frames.encode("ERR unknown verb").length;
            assertTrue(reply.length <= 2 * request.length + 200 * reasonOnly, "reply " + reply.length);
            String junk = "P\0\u001b[31mUT and a long tail of junk bytes";
            String text = Wire.one(client, junk);
            assertTrue(Frames.encode(text).length <= Math.max(64, 2 * Frames.encode(junk).length), text);
            assertFalse(text.contains("\0") || text.contains("\u001b"), "sent bytes are escaped: " + text);
            assertTrue(text.startsWith("ERR unknown verb 'P\\x00\\x1b[31mUT"), text);
        }
    }

    @Test
    void aSourceOutsideTheAllowlistIsRefusedAndCounted() throws Exception {
        try (QueueNode node = start(SourcePolicy.embedded().allowlist(Allowlist.of(List.of("10.0.0.0/8"))))) {
            SourceGate gate = node.gateForTests();
            assertTrue(gate.admits(new InetSocketAddress(InetAddress.getByName("10.1.2.3"), 9)));
            assertTrue(gate.admits(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 9)));
            assertFalse(gate.admits(new InetSocketAddress(InetAddress.getByName("192.168.1.1"), 9)));
            assertEquals(1, node.metricsForTests().refusedCount(QueueMetrics.Refusal.NOT_ALLOWED));
        }
    }
}
