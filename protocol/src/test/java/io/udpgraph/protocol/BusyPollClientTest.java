package io.udpgraph.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A client that polls for its replies before it blocks behaves as one that blocks at once. */
class BusyPollClientTest {
    private static final MqClient.Options POLLING = MqClient.Options.defaults().timeout(Duration.ofSeconds(5))
            .busyPoll(BusyPoll.of(Duration.ofMillis(1)));

    @Test
    void aReplyWithinThePollIsTaken() throws Exception {
        try (FakeNode node = new FakeNode(req -> List.of(Frames.encode("PUT 5 bytes")));
             MqClient client = MqClient.connect(node.address(), POLLING)) {
            for (int i = 0; i < 200; i++) {
                assertEquals(5, client.put("hello"));
            }
        }
    }

    @Test
    void aReplyAfterThePollIsWaitedFor() throws Exception {
        try (FakeNode node = new FakeNode(req -> {
            try {
                Thread.sleep(30); // far past the 1 ms poll: the client has blocked by then
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return List.of(Frames.encode("7"));
        }); MqClient client = MqClient.connect(node.address(), POLLING)) {
            assertEquals(7, client.size());
            assertEquals(0, client.retries());
        }
    }

    @Test
    void lostRepliesAreStillRetried() throws Exception {
        AtomicInteger n = new AtomicInteger();
        MqClient.Options fast = POLLING.timeout(Duration.ofMillis(100));
        try (FakeNode node = new FakeNode(req -> n.incrementAndGet() <= 2 ? null : List.of(Frames.encode("7")));
             MqClient client = MqClient.connect(node.address(), fast)) {
            assertEquals(7, client.size());
            assertEquals(2, client.retries());
        }
    }

    @Test
    void aClosedPortIsReportedWhilePolling() throws Exception {
        InetSocketAddress nobody;
        try (DatagramSocket s = new DatagramSocket(0, java.net.InetAddress.getLoopbackAddress())) {
            nobody = (InetSocketAddress) s.getLocalSocketAddress();
        }
        MqClient.Options options = MqClient.Options.defaults().timeout(Duration.ofMillis(300)).retries(0)
                .busyPoll(BusyPoll.of(Duration.ofMillis(10)));
        try (MqClient client = MqClient.connect(nobody, options)) {
            MqException e = assertThrows(MqException.class, client::size);
            // the ICMP answer is seen while polling (nothing listens) or, on a host that drops it, the wait ends
            assertTrue(e.getMessage().contains("nothing listens") || e instanceof MqException.Timeout, e.getMessage());
        }
    }
}
