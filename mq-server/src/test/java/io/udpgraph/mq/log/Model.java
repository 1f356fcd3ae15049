package io.udpgraph.mq.log;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.stream.Stream;

/** What the log should replay to: the live messages, kept beside a log the test drives. */
final class Model {
    record Message(long seq, long enqueuedAtMillis, byte[] id, byte[] body, int deliveries) {
    }

    final ConcurrentSkipListMap<Long, Message> live = new ConcurrentSkipListMap<>();
    long nextSeq;
    /** When set, some PUTs take the number of a message already removed, as a restarted node may. */
    boolean reuseNumbers;

    /** Appends a PUT to the log and the model; returns its seq. */
    long put(SegmentedLog log, String body, String id) throws IOException {
        long seq = nextSeq++;
        put(log, seq, body.getBytes(StandardCharsets.UTF_8), id == null ? null : id.getBytes(StandardCharsets.US_ASCII));
        return seq;
    }

    void put(SegmentedLog log, long seq, byte[] body, byte[] id) throws IOException {
        long at = 1_700_000_000_000L + seq;
        if (!log.appendPut(seq, at, id, body)) {
            throw new AssertionError("PUT " + seq + " was refused");
        }
        live.put(seq, new Message(seq, at, id, body, 0));
    }

    void remove(SegmentedLog log, long seq) throws IOException {
        if (!log.appendRemove(seq)) {
            throw new AssertionError("REMOVE " + seq + " was refused");
        }
        live.remove(seq);
    }

    void deliver(SegmentedLog log, long seq) throws IOException {
        Message m = live.get(seq);
        int n = m.deliveries() + 1;
        if (!log.appendDelivered(seq, n)) {
            throw new AssertionError("DELIVERED " + seq + " was refused");
        }
        live.put(seq, new Message(m.seq(), m.enqueuedAtMillis(), m.id(), m.body(), n));
    }

    /** One random operation, weighted toward PUTs so the queue grows and shrinks. */
    void randomStep(SegmentedLog log, Random random) throws IOException {
        int choice = random.nextInt(reuseNumbers ? 11 : 10);
        if (choice == 10 && !live.isEmpty()) {
            // The newest message is leased, removed, and its number used again at once: old and new PUT share a file.
            long seq = live.lastKey();
            deliver(log, seq);
            remove(log, seq);
            byte[] body = new byte[random.nextInt(40)];
            random.nextBytes(body);
            put(log, seq, body, null);
        } else if (live.isEmpty() || choice < 4) {
            byte[] body = new byte[random.nextInt(90)];
            random.nextBytes(body);
            byte[] id = random.nextInt(3) == 0 ? ("id-" + nextSeq).getBytes(StandardCharsets.US_ASCII) : null;
            long seq = nextSeq;
            if (reuseNumbers && nextSeq > 0 && random.nextInt(4) == 0) {
                // Mostly a recent number, so the old and the new message often share a segment.
                long candidate = random.nextBoolean() ? random.nextLong(nextSeq) : nextSeq - 1 - random.nextInt((int) Math.min(nextSeq, 16));
                if (!live.containsKey(candidate)) {
                    seq = candidate;
                }
            }
            put(log, seq, body, id);
            if (seq == nextSeq) {
                nextSeq++;
            }
        } else if (choice < 8) {
            remove(log, pick(random));
        } else {
            deliver(log, pick(random));
        }
    }

    private long pick(Random random) {
        // Mostly the oldest (a FIFO queue), sometimes any (leases acknowledged out of order).
        if (random.nextBoolean()) {
            return live.firstKey();
        }
        List<Long> keys = new ArrayList<>(live.keySet());
        return keys.get(random.nextInt(keys.size()));
    }

    void assertReplayed(RecoveredState state) {
        List<RecoveredMessage> got = state.messages();
        assertEquals(List.copyOf(live.keySet()), got.stream().map(RecoveredMessage::seq).toList(), "live sequence numbers");
        int i = 0;
        for (Map.Entry<Long, Message> e : live.entrySet()) {
            Message want = e.getValue();
            RecoveredMessage m = got.get(i++);
            assertEquals(want.enqueuedAtMillis(), m.enqueuedAtMillis(), "enqueue time of " + want.seq());
            assertArrayEquals(want.body(), m.body(), "body of " + want.seq());
            assertArrayEquals(want.id(), m.messageId(), "message id of " + want.seq());
            assertEquals(want.deliveries(), m.deliveries(), "deliveries of " + want.seq());
        }
    }

    static List<Path> segmentFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".log")).sorted().toList();
        }
    }

    /** Copies the segment files of {@code from} into {@code to} (created) and returns {@code to}. */
    static Path copySegments(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        for (Path f : segmentFiles(from)) {
            Files.copy(f, to.resolve(f.getFileName()));
        }
        return to;
    }
}
