package io.udpgraph.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.udpgraph.mq.QueueConfig;
import io.udpgraph.mq.QueueNode;
import io.udpgraph.protocol.MqClient;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** tcp-out from a real queue node to a TCP peer on loopback. */
class TcpOutTest {
    private static final InetSocketAddress ANY = new InetSocketAddress("127.0.0.1", 0);

    private static void fill(QueueNode node, List<String> messages) throws IOException {
        try (MqClient c = MqClient.connect(node.address())) {
            for (String m : messages) {
                c.put(m);
            }
        }
    }

    private static List<String> readU32(DataInputStream in, int n) throws IOException {
        List<String> out = new ArrayList<>(n);
        while (out.size() < n) {
            int length = in.readInt();
            byte[] b = new byte[length];
            in.readFully(b);
            out.add(new String(b, StandardCharsets.UTF_8));
        }
        return out;
    }

    private static void awaitEmpty(QueueNode node) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (node.stats().leased() + node.size() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }

    @Test
    void writesEveryMessageFramedInQueueOrderAndAcknowledgesThem() throws Exception {
        List<String> messages = Feeds.numbered("out", 3000);
        try (QueueNode node = QueueNode.start(QueueConfig.defaults().port(0))) {
            fill(node, messages);
            try (TcpOut out = TcpOut.start(TcpOutConfig.listenOn(node.address(), ANY, Framing.U32));
                 Socket peer = new Socket(out.peerAddress().getAddress(), out.peerAddress().getPort())) {
                assertEquals(messages, readU32(new DataInputStream(peer.getInputStream()), 3000));
                awaitEmpty(node);
                assertEquals(0, node.size() + node.stats().leased(), "every written batch was acknowledged");
            }
        }
    }

    @Test
    void aPeerThatClosesIsReplacedByReconnectingAndTheNextPeerGetsEverything() throws Exception {
        List<String> messages = Feeds.numbered("again", 2000);
        try (QueueNode node = QueueNode.start(QueueConfig.defaults().port(0));
             ServerSocket listener = new ServerSocket(0, 1, ANY.getAddress())) {
            InetSocketAddress at = (InetSocketAddress) listener.getLocalSocketAddress();
            try (TcpOut out = TcpOut.start(TcpOutConfig.connectTo(node.address(), at, Framing.LEN10)
                    .maxBackoff(Duration.ofMillis(50)))) {
                listener.accept().close();
                Thread.sleep(50);
                fill(node, messages);
                try (Socket peer = listener.accept()) {
                    peer.setSoTimeout(5000);
                    assertEquals(messages, readLen10(new DataInputStream(peer.getInputStream()), 2000));
                }
            }
        }
    }

    private static List<String> readLen10(DataInputStream in, int n) throws IOException {
        List<String> out = new ArrayList<>(n);
        while (out.size() < n) {
            byte[] header = new byte[10];
            try {
                in.readFully(header);
            } catch (EOFException e) {
                throw new AssertionError("the stream ended after " + out.size() + " messages", e);
            }
            byte[] b = new byte[Integer.parseInt(new String(header, StandardCharsets.US_ASCII).strip())];
            in.readFully(b);
            out.add(new String(b, StandardCharsets.UTF_8));
        }
        return out;
    }

    @Test
    void drainingAllocatesNoObjectPerMessage() throws Exception {
        int n = 60_000;
        try (QueueNode node = QueueNode.start(QueueConfig.defaults().port(0).capacityMessages(2 * n));
             MqClient c = MqClient.connect(node.address())) {
            for (int i = 0; i < n; i += 100) {
                int first = i;
                c.send(w -> {
                    for (int k = first; k < first + 100; k++) {
                        w.put(("out-" + k).getBytes(StandardCharsets.UTF_8));
                    }
                }, r -> true);
            }
            assertEquals(n, node.size());
            try (TcpOut out = TcpOut.start(TcpOutConfig.listenOn(node.address(), ANY, Framing.U32));
                 Socket peer = new Socket(out.peerAddress().getAddress(), out.peerAddress().getPort())) {
                // from the start, since tcp-out may write everything into the socket buffers before a later look
                long thread = Thread.getAllStackTraces().keySet().stream()
                        .filter(t -> t.getName().equals("tcp-out") && t.isAlive()).findFirst().orElseThrow().getId();
                com.sun.management.ThreadMXBean threads =
                        (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
                long bytesBefore = threads.getThreadAllocatedBytes(thread);
                readU32(new DataInputStream(peer.getInputStream()), n);
                long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (out.messages() < n && System.nanoTime() < deadline) {
                    Thread.sleep(5); // the last batch is acknowledged with the next LEASE
                }
                long bytes = threads.getThreadAllocatedBytes(thread) - bytesBefore;
                long messages = out.messages();
                // a Lease, its copied body and message id, and a boxed grant came to about 280 bytes per message; a
                // LeaseId and its place in an array of the batch's ids to about 30; what is left is the client's
                // tables of grants seen (320 KB, allocated once, which may fall before or after the first reading)
                System.out.printf("tcp-out allocated %.1f bytes per message drained%n", bytes / (double) messages);
                assertEquals(n, messages, "every message acknowledged");
                assertTrue(bytes < 16L * messages, bytes / (double) messages + " bytes per message drained");
            }
        }
    }
}
