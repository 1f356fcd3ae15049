package io.udpgraph.router;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** New clients past --max-sessions never cost a reply already on its way to an older one. */
class SessionEvictionTest {

    private static SocketAddress receiveFrom(DatagramSocket upstream) throws Exception {
        DatagramPacket p = new DatagramPacket(new byte[2048], 2048);
        upstream.receive(p);
        return p.getSocketAddress();
    }

    @Test
    void aNewClientIsRefusedRatherThanEvictAClientWhoseReplyIsOnItsWay() throws Exception {
        try (DatagramSocket upstream = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
             Router router = Router.start(RouterConfig.defaults()
                     .upstream((InetSocketAddress) upstream.getLocalSocketAddress()).maxSessions(2));
             DatagramSocket a = Udp.client(Duration.ofSeconds(2));
             DatagramSocket b = Udp.client(Duration.ofSeconds(2));
             DatagramSocket stranger = Udp.client(Duration.ofMillis(300))) {
            upstream.setSoTimeout(2000);
            Udp.send(a, router.address(), "15GET:1");
            SocketAddress forA = receiveFrom(upstream);
            Udp.send(b, router.address(), "15GET:1");
            SocketAddress forB = receiveFrom(upstream);
            Udp.send(stranger, router.address(), "13GET");
            Udp.await(() -> router.counters().sessionsFull() == 1, Duration.ofSeconds(2), "the stranger refused");
            byte[] reply = ascii("15hello");
            upstream.send(new DatagramPacket(reply, reply.length, forA));
            assertNotNull(Udp.receive(a), "the reply on its way reached its client");
            upstream.send(new DatagramPacket(reply, reply.length, forB));
            assertNotNull(Udp.receive(b));
            assertEquals(0, router.counters().sessionsEvicted());
            Udp.send(stranger, router.address(), "13GET");
            receiveFrom(upstream);
            assertEquals(1, router.counters().sessionsEvicted(), "an answered session may go");
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }
}
