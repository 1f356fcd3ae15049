package io.udpgraph.mq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.udpgraph.protocol.Frames;
import io.udpgraph.protocol.Lease;
import io.udpgraph.protocol.LeaseId;
import io.udpgraph.protocol.MqClient;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.StringJoiner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Lease ids are capabilities: only the consumer a node handed an id to can settle its lease. */
class LeaseCapabilityTest {
    private QueueNode node;
    private MqClient consumer;
    private MqClient stranger;
    private List<Lease> leased;

    @BeforeEach
    void hundredMessagesLeasedByOneConsumer() throws Exception {
        node = QueueNode.start(QueueConfig.defaults().port(0), SourcePolicy.embedded());
        consumer = MqClient.connect(node.address());
        stranger = MqClient.connect(node.address());
        for (int i = 0; i < 100; i++) {
            consumer.put("m" + i);
        }
        leased = consumer.lease(100, Duration.ofMinutes(5), Duration.ZERO);
        assertEquals(100, leased.size());
    }

    @AfterEach
    void close() throws Exception {
        stranger.close();
        consumer.close();
        node.close();
    }

    private long unknownLeases() {
        return node.metricsForTests().refusedCount(QueueMetrics.Refusal.UNKNOWN_LEASE);
    }

    @Test
    void aStrangersAckOfBareSequenceNumbersSettlesNothingAndIsCounted() throws Exception {
        StringJoiner ids = new StringJoiner(",", "ACK:", "");
        for (int i = 0; i <= 199; i++) {
            ids.add(Integer.toString(i)); // what once acknowledged every lease in flight
        }
        assertEquals(List.of("ACK 0"), stranger.send(w -> w.text(ids.toString().getBytes()), r -> true)
                .stream().map(r -> r.text()).toList());
        assertEquals(100, node.stored() - node.size(), "every lease still in flight");
        assertEquals(200, unknownLeases());
    }

    @Test
    void aStrangersAckOfTheRightSequenceNumbersWithGuessedTagsSettlesNothingAndIsCounted() throws Exception {
        Random random = new Random(13);
        LeaseId[] guesses = new LeaseId[leased.size()];
        for (int i = 0; i < guesses.length; i++) {
            guesses[i] = new LeaseId(leased.get(i).leaseId().sequence(), random.nextLong());
        }
        assertEquals(0, stranger.ack(guesses));
        assertEquals(0, stranger.nack(guesses));
        assertEquals(100, node.stored() - node.size());
        assertEquals(200, unknownLeases());
    }

    @Test
    void theConsumersOwnIdsStillSettleTheirLeasesAndASecondAckOfOneIsCounted() throws Exception {
        LeaseId[] ids = leased.stream().map(Lease::leaseId).toArray(LeaseId[]::new);
        assertEquals(1, consumer.nack(ids[0]));
        assertEquals(99, consumer.ack(java.util.Arrays.copyOfRange(ids, 1, 100)));
        assertEquals(0, unknownLeases());
        assertEquals(0, consumer.ack(ids[1]), "settled already");
        assertEquals(1, unknownLeases());
        assertEquals(1, node.size(), "the NACKed one is back");
    }

    @Test
    void anIdPassedOnSettlesItsLeaseFromAnotherSocket() throws Exception {
        // the id is the capability, not the socket: a consumer may hand it to a helper, or come back on a new port
        assertEquals(1, stranger.ack(leased.get(0).leaseId()));
    }

    @Test
    void checkingAnAcksIdsAllocatesNothing() throws Exception {
        com.sun.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean()
                instanceof com.sun.management.ThreadMXBean t ? t : null;
        assumeTrue(threads != null && threads.isThreadAllocatedMemorySupported()
                && threads.isThreadAllocatedMemoryEnabled(), "needs the HotSpot per-thread allocation counter");
        InMemoryRequestPath path = new InMemoryRequestPath(QueueConfig.defaults(), "alloc", new LeaseTokens(3, 5));
        RequestHandler handler = path.handler;
        StringJoiner ack = new StringJoiner(",", "ACK:", "");
        for (int i = 0; i < 100; i++) {
            ack.add(new LeaseId(i, 0x9c1f0e3a5b7d2e81L + i).toString()); // 100 ids of 20 or 21 bytes each
        }
        ByteBuffer datagram = ByteBuffer.wrap(Frames.encode(ack.toString()));
        InetSocketAddress client = new InetSocketAddress("127.0.0.1", 9);
        try (DatagramChannel channel = DatagramChannel.open()) {
            for (int i = 0; i < 20_000; i++) {
                handler.handle(datagram.rewind(), client, channel);
            }
            long self = Thread.currentThread().getId();
            long before = threads.getThreadAllocatedBytes(self);
            int ids = 0;
            for (int i = 0; i < 20_000; i++) {
                handler.handle(datagram.rewind(), client, channel);
                ids += 100;
            }
            long allocated = threads.getThreadAllocatedBytes(self) - before;
            assertTrue(allocated < ids / 100, allocated + " bytes allocated checking " + ids + " lease ids");
        }
        path.metrics.remove();
    }
}
