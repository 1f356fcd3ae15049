package io.udpgraph.mq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.udpgraph.mq.log.FsyncPolicy;
import io.udpgraph.mq.log.LogConfig;
import io.udpgraph.mq.log.LogJournal;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.DelayQueue;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A durable node's store keeps only an index: bodies come back from the log, and a damaged one costs one message. */
class DurableStoreTest {
    /** A segment's header, then a PUT record's frame and fixed fields, as docs/DURABILITY.md draws them. */
    private static final int SEGMENT_HEADER = 24;
    private static final int PUT_OVERHEAD = 8 + 1 + 8 + 8 + 1;

    @TempDir
    Path dir;

    private final List<StoredMessage> deadLetters = new ArrayList<>();

    private QueueStore store(LogJournal journal) {
        return new QueueStore(QueueConfig.defaults().journal(journal), new DelayQueue<>(), deadLetters::add, e -> { });
    }

    private static String take(QueueStore store) {
        store.lock();
        try {
            TakenMessage m = store.poll();
            if (m == null) {
                return null;
            }
            String body = new String(m.body(), StandardCharsets.UTF_8);
            store.consume(m);
            return body;
        } catch (IOException e) {
            throw new AssertionError(e);
        } finally {
            store.unlock();
        }
    }

    @Test
    void aDurableStoreHoldsNoBodiesAndGivesThemBackFromTheLog() throws IOException {
        try (LogJournal journal = LogJournal.open(dir, LogConfig.defaults().fsync(FsyncPolicy.NEVER))) {
            QueueStore store = store(journal);
            long empty = store.memoryBytes();
            for (int i = 0; i < 20_000; i++) {
                store.put(null, ("message " + i + " " + "x".repeat(200)).getBytes(StandardCharsets.UTF_8));
            }
            // 20,000 bodies of 200-odd bytes are 4 MB; the index takes 8 bytes a message.
            assertTrue(store.memoryBytes() - empty < 400_000, "memory grew by " + (store.memoryBytes() - empty));
            long bytes = 0;
            for (int i = 0; i < 20_000; i++) {
                bytes += ("message " + i + " ").length() + 200;
            }
            assertEquals(bytes, store.bytes());
            for (int i = 0; i < 20_000; i++) {
                assertEquals("message " + i + " " + "x".repeat(200), take(store));
            }
            assertNull(take(store));
        }
    }

    @Test
    void aBodyDamagedOnDiskCostsThatMessageAloneAndIsCounted() throws IOException {
        try (LogJournal journal = LogJournal.open(dir, LogConfig.defaults().fsync(FsyncPolicy.NEVER))) {
            QueueStore store = store(journal);
            store.put(null, bytes("one"));
            store.put(null, bytes("two"));
            store.put(null, bytes("six"));
            store.commit();
            Path segment;
            try (Stream<Path> files = Files.list(dir)) {
                segment = files.filter(p -> p.toString().endsWith(".log")).findFirst().orElseThrow();
            }
            try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.WRITE)) {
                long secondBody = SEGMENT_HEADER + (PUT_OVERHEAD + 3) + PUT_OVERHEAD;
                channel.write(ByteBuffer.wrap(bytes("TWO")), secondBody);
            }
            assertEquals("one", take(store));
            assertEquals("six", take(store));
            assertNull(take(store));
            assertEquals(1, store.unreadable());
            assertEquals(0, store.stored());
            assertEquals(0, store.visible());
        }
        try (LogJournal journal = LogJournal.open(dir, LogConfig.defaults().fsync(FsyncPolicy.NEVER))) {
            QueueStore store = store(journal);
            assertEquals(0, store.recover(), "the lost message left the log too");
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
