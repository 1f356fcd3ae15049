package io.udpgraph.mq;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.DelayQueue;
import org.junit.jupiter.api.Test;

class QueueStoreTest {
    private final DelayQueue<Deadline> deadlines = new DelayQueue<>();
    private final List<StoredMessage> deadLetters = new ArrayList<>();

    private QueueStore store(QueueConfig config) {
        return new QueueStore(config, deadlines, deadLetters::add, e -> { });
    }

    private QueueStore store() {
        return store(QueueConfig.defaults());
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** What a GET of one message sees: its body, or null on an empty queue. */
    static String get(QueueStore store) throws IOException {
        store.lock();
        try {
            byte[] body = store.peek();
            TakenMessage m = store.poll();
            if (m == null) {
                assertNull(body, "peek and poll agree on an empty queue");
                return null;
            }
            assertEquals(body.length, m.bodyLength);
            store.consume(m);
            return new String(body, StandardCharsets.UTF_8);
        } finally {
            store.unlock();
        }
    }

    /** Leases the next message; returns its lease id, or -1 on an empty queue. */
    static long lease(QueueStore store, long leaseNanos) throws IOException {
        store.lock();
        try {
            TakenMessage m = store.poll();
            if (m == null) {
                return -1;
            }
            store.lease(m, leaseNanos, System.nanoTime());
            return m.seq;
        } finally {
            store.unlock();
        }
    }

    private void fireDueDeadlines() {
        Deadline d;
        while ((d = deadlines.poll()) != null) {
            d.fire();
        }
    }

    @Test
    void messagesComeOutInTheOrderTheyWentIn() throws IOException {
        QueueStore store = store();
        for (int i = 0; i < 5000; i++) {
            store.put(null, bytes("m" + i));
        }
        for (int i = 0; i < 5000; i++) {
            assertEquals("m" + i, get(store));
        }
        assertNull(get(store));
        assertEquals(0, store.stored());
        assertEquals(0, store.bytes());
    }

    @Test
    void aTakenMessageKnowsWhenItWasPutToWithinItsTimeStep() throws IOException {
        QueueStore store = store();
        long before = System.nanoTime();
        store.put(null, bytes("a"));
        long after = System.nanoTime();
        store.lock();
        try {
            TakenMessage m = store.poll();
            assertTrue(m.putNanos <= after, "never later than the put, so no wait is negative");
            assertTrue(m.putNanos > before - 4096, "at most one 4.096 µs step early");
        } finally {
            store.unlock();
        }
    }

    @Test
    void aLeasedMessageIsHiddenUntilAckedAndThenGone() throws IOException {
        QueueStore store = store();
        store.put(null, bytes("a"));
        store.put(null, bytes("b"));
        long id = lease(store, 60_000_000_000L);
        assertEquals(1, store.leased());
        assertEquals(1, store.visible());
        assertEquals("b", get(store));
        assertTrue(store.ack(id));
        assertFalse(store.ack(id), "a second ACK finds nothing");
        assertEquals(0, store.stored());
    }

    @Test
    void aNackedMessageComesBackFirstWithItsDeliveryCount() throws IOException {
        QueueStore store = store();
        store.put("p-1", bytes("a"));
        store.put(null, bytes("b"));
        long id = lease(store, 60_000_000_000L);
        assertTrue(store.nack(id));
        assertFalse(store.nack(id));
        store.lock();
        try {
            TakenMessage m = store.poll();
            assertEquals(id, m.seq);
            assertEquals(1, m.deliveries);
            assertEquals("p-1".length(), m.idLength);
            store.consume(m);
        } finally {
            store.unlock();
        }
        assertEquals("b", get(store));
    }

    @Test
    void anExpiredLeaseMakesTheMessageVisibleAgain() throws IOException {
        QueueStore store = store();
        store.put(null, bytes("a"));
        long id = lease(store, 0);
        assertEquals(0, store.visible());
        fireDueDeadlines();
        assertEquals(1, store.visible());
        assertFalse(store.ack(id), "the lease ended with its expiry");
        long again = lease(store, 60_000_000_000L);
        assertEquals(id, again, "the lease id is the message's");
        assertTrue(store.ack(again));
    }

    @Test
    void aStaleDeadlineDoesNotEndTheMessagesNextLease() throws IOException {
        QueueStore store = store();
        store.put(null, bytes("a"));
        long id = lease(store, 0);
        assertTrue(store.nack(id));
        lease(store, 60_000_000_000L);
        fireDueDeadlines();
        assertEquals(1, store.leased(), "the first lease's deadline found the second lease in force");
    }

    @Test
    void aMessageLeasedMaxDeliveriesTimesIsDeadLetteredWithItsBodyAndId() throws IOException {
        QueueStore store = store(QueueConfig.defaults().maxDeliveries(2));
        store.put("id-7", bytes("poison"));
        assertTrue(store.nack(lease(store, 60_000_000_000L)));
        assertTrue(store.nack(lease(store, 60_000_000_000L)));
        assertEquals(0, store.stored());
        assertEquals(1, store.deadLettered());
        assertEquals(1, deadLetters.size());
        assertEquals("id-7", deadLetters.get(0).producerId);
        assertArrayEquals(bytes("poison"), deadLetters.get(0).body);
        assertEquals(2, deadLetters.get(0).deliveries);
    }

    @Test
    void theCapacityInMessagesRefusesTheNextPut() throws IOException {
        QueueStore store = store(QueueConfig.defaults().capacityMessages(2));
        assertEquals(QueueStore.PutOutcome.STORED, store.put(null, bytes("a")));
        assertEquals(QueueStore.PutOutcome.STORED, store.put(null, bytes("b")));
        assertEquals(QueueStore.PutOutcome.FULL_MESSAGES, store.put(null, bytes("c")));
        get(store);
        assertEquals(QueueStore.PutOutcome.STORED, store.put(null, bytes("c")));
    }

    @Test
    void theCapacityInBytesRefusesAMessageThatWouldPassIt() throws IOException {
        QueueStore store = store(QueueConfig.defaults().capacityBytes(10));
        assertEquals(QueueStore.PutOutcome.STORED, store.put(null, bytes("123456")));
        assertEquals(QueueStore.PutOutcome.FULL_BYTES, store.put(null, bytes("12345")));
        assertEquals(QueueStore.PutOutcome.STORED, store.put(null, bytes("1234")));
        assertEquals(10, store.bytes());
    }

    @Test
    void aPushedBackMessageIsTheNextOneOut() throws IOException {
        QueueStore store = store();
        store.put(null, bytes("a"));
        store.put(null, bytes("b"));
        store.lock();
        try {
            store.pushBack(store.poll());
        } finally {
            store.unlock();
        }
        assertEquals("a", get(store));
        assertEquals("b", get(store));
    }

    @Test
    void drainedChunksAreReusedSoRepeatedFillsAllocateNoMore() throws IOException {
        QueueStore store = store();
        byte[] body = new byte[1000];
        for (int round = 0; round < 50; round++) {
            for (int i = 0; i < 600; i++) { // about 2.3 chunks a round
                store.put(null, body);
            }
            while (get(store) != null) {
                // drain
            }
        }
        assertTrue(store.chunksEverAllocated() <= BodyChunks.POOLED_CHUNKS + 1,
                "50 rounds took " + store.chunksEverAllocated() + " chunks: the pool and the chunk being written");
    }

    @Test
    void theMemoryGaugeSaysWhatTheStoreCostsBesideWhatItHolds() throws IOException {
        QueueConfig config = QueueConfig.defaults();
        QueueStore store = store(config);
        QueueMetrics metrics = new QueueMetrics(config.registry(), "gauge", store);
        try {
            store.put(null, new byte[100]);
            double cost = config.registry().get("mq.memory.bytes").tag("node", "gauge").gauge().value();
            double held = config.registry().get("mq.stored.bytes").tag("node", "gauge").gauge().value();
            assertEquals(100, held);
            assertEquals(store.memoryBytes(), cost);
            assertTrue(cost >= BodyChunks.CHUNK_BYTES, "one chunk at least: " + cost);
        } finally {
            metrics.remove();
        }
    }

    @Test
    void aDrainedBacklogGivesItsChunksBackBeyondThePool() throws IOException {
        QueueStore store = store();
        byte[] body = new byte[1000];
        for (int i = 0; i < 20_000; i++) {
            store.put(null, body);
        }
        long full = store.memoryBytes();
        assertTrue(full >= 20_000_000L, "the store counts its chunks: " + full);
        while (get(store) != null) {
            // drain
        }
        long drained = store.memoryBytes();
        assertTrue(drained <= (BodyChunks.POOLED_CHUNKS + 1) * (long) BodyChunks.CHUNK_BYTES + 65_536,
                "kept only the pool and the chunk being written: " + drained);
    }
}
