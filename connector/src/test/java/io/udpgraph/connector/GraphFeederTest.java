package io.udpgraph.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.udpgraph.protocol.BusyPoll;
import io.udpgraph.protocol.Frames;
import io.udpgraph.protocol.ProtocolLimits;
import io.udpgraph.protocol.RequestReader;
import java.io.ByteArrayOutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The feeder against a scripted node: what it stores, in what order, when the node refuses part of a datagram. */
class GraphFeederTest {
    private final FrameCodec u32 = Framing.U32.codec(ProtocolLimits.MAX_MESSAGE_BYTES);

    /** A node that refuses every PUT after the first {@code acceptFirst} of its first datagram as full. */
    private static final class FillingNode implements AutoCloseable {
        final DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        final List<String> stored = Collections.synchronizedList(new ArrayList<>());
        final Thread thread;

        FillingNode(int acceptFirst) throws Exception {
            thread = new Thread(() -> serve(acceptFirst), "filling-node");
            thread.setDaemon(true);
            thread.start();
        }

        private void serve(int acceptFirst) {
            byte[] buf = new byte[ProtocolLimits.MAX_DATAGRAM_BYTES];
            boolean first = true;
            try {
                while (true) {
                    DatagramPacket p = new DatagramPacket(buf, buf.length);
                    socket.receive(p);
                    RequestReader r = new RequestReader().reset(ByteBuffer.wrap(buf, 0, p.getLength()));
                    ByteArrayOutputStream reply = new ByteArrayOutputStream();
                    int i = 0;
                    while (r.hasNext()) {
                        r.next();
                        if (first && i++ >= acceptFirst) {
                            reply.writeBytes(Frames.encode("ERR full queue holds " + acceptFirst + " messages"));
                            continue;
                        }
                        byte[] body = new byte[r.bodyLength()];
                        r.buffer().get(r.bodyStart(), body);
                        stored.add(new String(body, StandardCharsets.UTF_8));
                        reply.writeBytes(Frames.encode("PUT " + body.length + " bytes"));
                    }
                    first = false;
                    socket.send(new DatagramPacket(reply.toByteArray(), reply.size(), p.getSocketAddress()));
                }
            } catch (Exception e) {
                // closed
            }
        }

        InetSocketAddress address() {
            return (InetSocketAddress) socket.getLocalSocketAddress();
        }

        @Override
        public void close() {
            socket.close();
        }
    }

    private List<String> feedThrough(FillingNode node, List<String> messages, boolean prepareAhead) throws Exception {
        InboundStream stream = Feeds.u32Stream(1, messages);
        try (GraphFeeder feeder = new GraphFeeder(node.address(), u32, Guarantee.AT_LEAST_ONCE, Duration.ofSeconds(2),
                BusyPoll.OFF, prepareAhead, "run", new ConnectorMetrics(new SimpleMeterRegistry(), "t", "in"))) {
            for (int attempt = 0; attempt < 100 && stream.storedMessages() < messages.size(); attempt++) {
                feeder.sendOnce(List.of(stream));
            }
        }
        return new ArrayList<>(node.stored);
    }

    @Test
    void framesCutAheadOfARefusedDatagramAreSentOnlyAfterTheRefusedOnes() throws Exception {
        // 300 messages: the first datagram takes 200 and the next 100 are cut while it is in flight; the node
        // stores 100 of the first and refuses the rest as full, so the 100 cut ahead must wait their turn
        List<String> messages = Feeds.numbered("m", 300);
        try (FillingNode node = new FillingNode(100)) {
            assertEquals(messages, feedThrough(node, messages, true));
        }
    }

    @Test
    void withoutCuttingAheadTheSameRefusalKeepsTheOrderToo() throws Exception {
        List<String> messages = Feeds.numbered("m", 300);
        try (FillingNode node = new FillingNode(100)) {
            assertEquals(messages, feedThrough(node, messages, false));
        }
    }

    @Test
    void aWhollyStoredDatagramIsFollowedByTheFramesCutAhead() throws Exception {
        List<String> messages = Feeds.numbered("m", 1000);
        try (FillingNode node = new FillingNode(Integer.MAX_VALUE)) {
            assertEquals(messages, feedThrough(node, messages, true));
        }
    }
}
