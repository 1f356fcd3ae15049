package io.udpgraph.mq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.udpgraph.protocol.Lease;
import io.udpgraph.protocol.LeaseId;
import io.udpgraph.protocol.MqClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LeaseTest {
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
    void aLeaseFrameCarriesIdDeliveriesProducerIdAndText() throws Exception {
        client.putWithId("src-7", Wire.bytes("hello"));
        client.put("plain");
        List<String> frames = io.udpgraph.protocol.Frames.decodeAllText(client.sendRaw(
                io.udpgraph.protocol.Frames.encode("LEASE:2:30000")));
        assertEquals(2, frames.size());
        assertTrue(frames.get(0).matches("1\\.[0-9a-f]{16} 1 src-7 hello"), frames.get(0));
        assertTrue(frames.get(1).matches("2\\.[0-9a-f]{16} 1 - plain"), frames.get(1));
    }

    @Test
    void aLeasedMessageIsInvisibleUntilAcked() throws Exception {
        client.put("job");
        List<Lease> leases = client.lease(1, Duration.ofSeconds(30), Duration.ZERO);
        assertEquals(1, leases.size());
        assertEquals(0, client.size());
        assertEquals(0, client.get().length);
        assertEquals(Map.of("visible", 0L, "leased", 1L), Map.of("visible", client.stats().get("visible"),
                "leased", client.stats().get("leased")));
    }

    @Test
    void ackRemovesTheMessageForGood() throws Exception {
        client.put("job");
        Lease lease = client.lease(1, Duration.ofMillis(1000), Duration.ZERO).get(0);
        assertEquals(1, client.ack(lease.leaseId()));
        Thread.sleep(1200); // past the lease: an ACKed message must not come back
        assertEquals(0, client.size());
        assertEquals(0, node.stored());
        assertEquals(0, client.ack(lease.leaseId()), "a second ACK finds nothing leased");
    }

    @Test
    void anExpiredLeaseMakesTheMessageVisibleAgainWithAGrowingDeliveryCount() throws Exception {
        client.put("job");
        Lease first = client.lease(1, Duration.ofMillis(100), Duration.ZERO).get(0);
        assertEquals(1, first.deliveries());
        await(() -> node.size() == 1);
        Lease second = client.lease(1, Duration.ofMillis(100), Duration.ZERO).get(0);
        assertEquals(first.leaseId(), second.leaseId(), "the lease id is the message's and stays the same");
        assertEquals(2, second.deliveries());
        await(() -> node.size() == 1);
        assertEquals(3, client.lease(1, Duration.ofSeconds(30), Duration.ZERO).get(0).deliveries());
        assertEquals(0, client.ack(new LeaseId(first.leaseId().sequence() + 1000, first.leaseId().tag())));
    }

    @Test
    void anAckAfterTheLeaseEndedFindsNothing() throws Exception {
        client.put("job");
        Lease lease = client.lease(1, Duration.ofMillis(50), Duration.ZERO).get(0);
        await(() -> node.size() == 1);
        assertEquals(0, client.ack(lease.leaseId()));
        assertEquals(1, client.size());
    }

    @Test
    void nackMakesTheMessageVisibleAtOnce() throws Exception {
        client.put("job");
        Lease lease = client.lease(1, Duration.ofSeconds(30), Duration.ZERO).get(0);
        assertEquals(1, client.nack(lease.leaseId()));
        assertEquals(1, client.size());
        Lease again = client.lease(1, Duration.ofSeconds(30), Duration.ZERO).get(0);
        assertEquals(2, again.deliveries());
        assertEquals("job", again.text());
    }

    @Test
    void ackAndNackCountOnlyWhatWasLeased() throws Exception {
        client.put("a");
        client.put("b");
        List<Lease> leases = client.lease(2, Duration.ofSeconds(30), Duration.ZERO);
        assertEquals(1, client.ack(leases.get(0).leaseId(), new LeaseId(999, 999)));
        assertEquals(1, client.nack(leases.get(1).leaseId(), leases.get(0).leaseId()));
    }

    @Test
    void aLeaseOnAnEmptyQueueRepliesWithTheEmptyFrame() throws Exception {
        assertEquals("10", Wire.exchange(client, "1cLEASE:5:1000"));
        assertEquals(List.of(), client.lease(5, Duration.ofSeconds(1), Duration.ZERO));
    }

    @Test
    void aLeaseCanWaitForAMessage() throws Exception {
        CompletableFuture<List<Lease>> poll = CompletableFuture.supplyAsync(() -> {
            try (MqClient waiter = MqClient.connect(node.address())) {
                return waiter.lease(2, Duration.ofSeconds(30), Duration.ofSeconds(10));
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        await(() -> node.parkedPolls() == 1);
        client.put("late");
        List<Lease> got = poll.get(5, TimeUnit.SECONDS);
        assertEquals("late", got.get(0).text());
        assertEquals(1, node.stats().leased());
    }

    @Test
    void malformedLeaseAckAndNackAreUsageErrors() throws Exception {
        for (String bad : List.of("LEASE", "LEASE:x:100", "LEASE:1", "LEASE:0:100", "LEASE:1:0", "LEASE:1:100:99999",
                "ACK", "ACK:", "ACK:1,,2", "ACK:one", "NACK:1,")) {
            String reply = Wire.one(client, bad);
            assertTrue(reply.startsWith("ERR usage"), bad + " -> " + reply);
        }
    }

    @Test
    void leasesAckedEarlyDoNotKeepTheirDeadlinesQueued() throws Exception {
        for (int i = 0; i < 3000; i++) {
            client.put("m" + i);
        }
        int acked = 0;
        while (acked < 3000) {
            List<Lease> leases = client.lease(500, Duration.ofHours(1), Duration.ZERO);
            LeaseId[] ids = leases.stream().map(Lease::leaseId).toArray(LeaseId[]::new);
            acked += client.ack(ids);
        }
        assertEquals(0, node.stored());
        await(() -> node.queuedDeadlines() < 1024);
    }

    @Test
    void aMessageFromPutHasNoProducerId() throws Exception {
        client.put("x");
        assertNull(client.lease(1, Duration.ofSeconds(5), Duration.ZERO).get(0).messageId());
    }

    static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "condition not met within 5 s");
            Thread.sleep(5);
        }
    }
}
