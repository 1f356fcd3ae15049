package io.udpgraph.mq;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.udpgraph.protocol.ReplyWriter;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.DelayQueue;
import io.udpgraph.mq.log.FsyncPolicy;
import io.udpgraph.mq.log.LogConfig;
import io.udpgraph.mq.log.LogJournal;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Random operation sequences against the store and a plain reference queue (heap objects, the store's rules
 * written out simply): every reply frame, every outcome and every count must agree. The store runs with its
 * bodies in memory, and with its bodies left in a log of small segments that roll and compact underneath it, so
 * reads come from the staged records, the active file, sealed files and rewritten ones.
 */
class QueueStoreModelTest {
    private static final int OPS = 60_000;
    private static final long LONG_LEASE = 3_600_000_000_000L;
    /** Any lease tag: the store writes what it is given, and the reference writes the same. */
    private static final long TAG = 0x5eed_1eaf_0000_0001L;

    /** One message of the reference queue. */
    private static final class Ref {
        final long seq;
        final String id;
        final byte[] body;
        int deliveries;

        Ref(long seq, String id, byte[] body) {
            this.seq = seq;
            this.id = id;
            this.body = body;
        }
    }

    private final ArrayDeque<Ref> returned = new ArrayDeque<>();
    private final ArrayDeque<Ref> fresh = new ArrayDeque<>();
    private final Map<Long, Ref> leased = new LinkedHashMap<>();
    private final Set<String> idsSeen = new HashSet<>();
    private final List<StoredMessage> deadLetters = new ArrayList<>();
    private final ReplyWriter real = new ReplyWriter();
    private final ReplyWriter expected = new ReplyWriter();
    private long nextSeq = 1;
    private long bytes;
    private long deadLettered;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "seed {0}, bodies in {1}")
    @CsvSource({"1, memory", "2, memory", "3, memory", "1, log", "2, log", "3, log"})
    void everyOperationSequenceGivesWhatTheReferenceQueueGives(long seed, String bodies) throws IOException {
        int capacity = 400;
        long capacityBytes = 600_000;
        int maxDeliveries = 4;
        QueueConfig config = QueueConfig.defaults().capacityMessages(capacity).capacityBytes(capacityBytes)
                .maxDeliveries(maxDeliveries).dedupWindowTime(Duration.ofHours(1));
        if (bodies.equals("log")) {
            config = config.journal(LogJournal.open(dir, LogConfig.defaults().fsync(FsyncPolicy.NEVER)
                    .segmentBytes(256 << 10).compactionInterval(Duration.ofMillis(2))));
        }
        List<IOException> failures = new ArrayList<>();
        QueueStore store = new QueueStore(config, new DelayQueue<>(), deadLetters::add, failures::add);
        try (StoreJournal journal = config.journal()) {
            run(store, seed, capacity, capacityBytes, maxDeliveries);
        }
        assertEquals(List.of(), failures);
    }

    private void run(QueueStore store, long seed, int capacity, long capacityBytes, int maxDeliveries)
            throws IOException {
        Random random = new Random(seed);
        for (int op = 0; op < OPS; op++) {
            int kind = random.nextInt(100);
            if (kind < 40) {
                put(store, random, capacity, capacityBytes);
            } else if (kind < 60) {
                take(store, false, maxDeliveries);
            } else if (kind < 75) {
                take(store, true, maxDeliveries);
            } else if (kind < 85) {
                end(store, random, true, maxDeliveries);
            } else if (kind < 93) {
                end(store, random, false, maxDeliveries);
            } else if (kind < 97) {
                pushBack(store);
            } else {
                Ref next = next();
                byte[] peeked = store.peek();
                if (next == null) {
                    assertNull(peeked);
                } else {
                    assertArrayEquals(next.body, peeked, "peek at op " + op);
                }
            }
            assertEquals(returned.size() + fresh.size(), store.visible(), "visible at op " + op);
            assertEquals(leased.size(), store.leased(), "leased at op " + op);
            assertEquals(returned.size() + fresh.size() + leased.size(), store.stored(), "stored at op " + op);
            assertEquals(bytes, store.bytes(), "bytes at op " + op);
            assertEquals(deadLettered, store.deadLettered(), "dead-lettered at op " + op);
        }
    }

    private void put(QueueStore store, Random random, int capacity, long capacityBytes) throws IOException {
        int size = random.nextInt(50) == 0 ? 20_000 + random.nextInt(45_000) : random.nextInt(300);
        byte[] body = new byte[size];
        random.nextBytes(body);
        int idKind = random.nextInt(10);
        String id = idKind == 0 ? "dup-" + random.nextInt(50) : idKind == 1 ? "u-" + nextSeq + "-" + size : null;
        QueueStore.PutOutcome want;
        if (id != null && idsSeen.contains(id)) {
            want = QueueStore.PutOutcome.DUPLICATE;
        } else if (returned.size() + fresh.size() + leased.size() >= capacity) {
            want = QueueStore.PutOutcome.FULL_MESSAGES;
        } else if (bytes + size > capacityBytes) {
            want = QueueStore.PutOutcome.FULL_BYTES;
        } else {
            want = QueueStore.PutOutcome.STORED;
            fresh.addLast(new Ref(nextSeq++, id, body));
            bytes += size;
            if (id != null) {
                idsSeen.add(id);
            }
        }
        assertEquals(want, store.put(id, body));
    }

    private Ref next() {
        return returned.isEmpty() ? fresh.peekFirst() : returned.peekFirst();
    }

    private Ref pollRef() {
        return returned.isEmpty() ? fresh.pollFirst() : returned.pollFirst();
    }

    /** Polls the store (its lock held) and checks it gave the reference's next message, or none when that is null. */
    private static TakenMessage pollAsReference(QueueStore store, Ref want) {
        TakenMessage m = store.poll();
        if (want == null) {
            assertNull(m);
            return null;
        }
        assertEquals(want.seq, m.seq);
        assertEquals(want.deliveries, m.deliveries);
        return m;
    }

    private void take(QueueStore store, boolean lease, int maxDeliveries) throws IOException {
        Ref want = pollRef();
        real.reset();
        expected.reset();
        store.lock();
        try {
            TakenMessage m = pollAsReference(store, want);
            if (m == null) {
                return;
            }
            if (lease) {
                want.deliveries++;
                store.writeLease(real, m, want.deliveries, TAG);
                store.lease(m, LONG_LEASE, System.nanoTime());
                expected.lease(want.seq, TAG, want.deliveries, want.id, want.body);
                leased.put(want.seq, want);
            } else {
                store.writeMessage(real, m);
                store.consume(m);
                expected.message(want.body);
                bytes -= want.body.length;
            }
        } finally {
            store.unlock();
        }
        assertArrayEquals(expected.copy(), real.copy(), "the reply frame of message " + want.seq);
    }

    private void end(QueueStore store, Random random, boolean ack, int maxDeliveries) throws IOException {
        long seq;
        if (leased.isEmpty() || random.nextInt(10) == 0) {
            seq = random.nextInt((int) nextSeq + 1);
        } else {
            List<Long> ids = new ArrayList<>(leased.keySet());
            seq = ids.get(random.nextInt(ids.size()));
        }
        Ref r = leased.remove(seq);
        boolean done = ack ? store.ack(seq) : store.nack(seq);
        assertEquals(r != null, done, (ack ? "ACK " : "NACK ") + seq);
        if (r == null) {
            return;
        }
        if (ack) {
            bytes -= r.body.length;
        } else if (r.deliveries >= maxDeliveries) {
            bytes -= r.body.length;
            deadLettered++;
            StoredMessage dead = deadLetters.remove(0);
            assertEquals(r.seq, dead.seq);
            assertEquals(r.id, dead.producerId);
            assertArrayEquals(r.body, dead.body);
        } else {
            returned.addLast(r);
        }
    }

    private void pushBack(QueueStore store) {
        Ref want = pollRef();
        store.lock();
        try {
            TakenMessage m = pollAsReference(store, want);
            if (m == null) {
                return;
            }
            store.pushBack(m);
            returned.addFirst(want);
        } finally {
            store.unlock();
        }
    }
}
