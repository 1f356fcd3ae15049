package io.udpgraph.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.udpgraph.mq.QueueConfig;
import io.udpgraph.mq.QueueNode;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** udp-in from datagrams on loopback to a real queue node. */
class UdpInTest {
    private static final InetSocketAddress ANY = new InetSocketAddress("127.0.0.1", 0);

    @Test
    void eachDatagramIsOneMessageAndOneThatIsNotUtf8IsDroppedAndCounted() throws Exception {
        try (QueueNode node = QueueNode.start(QueueConfig.defaults().port(0));
             UdpIn in = UdpIn.start(TcpInConfig.of(ANY, node.address(), Framing.U32));
             DatagramChannel sender = DatagramChannel.open()) {
            List<String> messages = Feeds.numbered("dgram", 200);
            for (int i = 0; i < messages.size(); i++) {
                sender.send(ByteBuffer.wrap(messages.get(i).getBytes(StandardCharsets.UTF_8)), in.address());
                if (i == 100) {
                    sender.send(ByteBuffer.wrap(new byte[] {(byte) 0xff}), in.address());
                }
                if (i % 50 == 0) {
                    Thread.sleep(5);   // the kernel's socket buffer is the only buffer before udp-in reads
                }
            }
            assertEquals(messages, Feeds.drain(node.address(), 200));
            assertEquals(1, in.errors());
        }
    }
}
