package io.udpgraph.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.udpgraph.mq.QueueConfig;
import io.udpgraph.mq.QueueNode;
import io.udpgraph.protocol.BusyPoll;
import java.io.DataInputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** tcp-in and tcp-out polling for the node's replies ({@code --busy-poll}) move the same messages in order. */
class BusyPollConnectorsTest {
    private static final InetSocketAddress ANY = new InetSocketAddress("127.0.0.1", 0);
    private static final BusyPoll POLL = BusyPoll.of(Duration.ofMillis(1));

    @Test
    void aFeedGoesInAndOutInOrderWithEverySidePolling() throws Exception {
        List<String> messages = Feeds.numbered("polled", 20_000);
        try (QueueNode node = QueueNode.start(QueueConfig.defaults().port(0).busyPoll(POLL))) {
            try (TcpIn in = TcpIn.start(TcpInConfig.of(ANY, node.address(), Framing.U32).busyPoll(POLL))) {
                Feeds.send(in.address(), Feeds.u32(messages));
                long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                while (node.size() < messages.size() && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
                assertEquals(messages.size(), node.size(), "tcp-in stored the whole feed");
            }
            try (TcpOut out = TcpOut.start(TcpOutConfig.listenOn(node.address(), ANY, Framing.U32).busyPoll(POLL));
                 Socket peer = new Socket(out.peerAddress().getAddress(), out.peerAddress().getPort())) {
                DataInputStream stream = new DataInputStream(peer.getInputStream());
                List<String> got = new ArrayList<>(messages.size());
                while (got.size() < messages.size()) {
                    byte[] b = new byte[stream.readInt()];
                    stream.readFully(b);
                    got.add(new String(b, StandardCharsets.UTF_8));
                }
                assertEquals(messages, got);
            }
        }
    }
}
