package io.udpgraph.mq.log;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SegmentedLogTest {
    private static final LogConfig NO_BACKGROUND = LogConfig.defaults().fsync(FsyncPolicy.NEVER).compactionInterval(Duration.ZERO);

    @TempDir
    Path dir;

    @Test
    void newLogReplaysNothingAndStartsAtSequenceZero() throws IOException {
        try (SegmentedLog log = SegmentedLog.open(dir, NO_BACKGROUND)) {
            RecoveredState state = log.takeRecovered();
            assertEquals(List.of(), state.messages());
            assertEquals(0, state.nextSeq());
            assertEquals(0, state.truncatedBytes());
            assertEquals(1, state.segments());
        }
    }

    @Test
    void replayGivesBackExactlyTheLiveMessagesAfterPutsRemovesAndDeliveries() throws IOException {
        Model model = new Model();
        Random random = new Random(6);
        try (SegmentedLog log = SegmentedLog.open(dir, NO_BACKGROUND)) {
            for (int i = 0; i < 2000; i++) {
                model.randomStep(log, random);
            }
        }
        try (SegmentedLog log = SegmentedLog.open(dir, NO_BACKGROUND)) {
            RecoveredState state = log.takeRecovered();
            model.assertReplayed(state);
            assertEquals(0, state.truncatedBytes());
        }
    }

    @Test
    void sequenceNumbersContinueAfterReopen() throws IOException {
        Model model = new Model();
        try (SegmentedLog log = SegmentedLog.open(dir, NO_BACKGROUND)) {
            for (int i = 0; i < 10; i++) {
                model.put(log, "m" + i, null);
            }
            model.remove(log, 9);
        }
        try (SegmentedLog log = SegmentedLog.open(dir, NO_BACKGROUND)) {
            RecoveredState state = log.takeRecovered();
            assertEquals(10, state.nextSeq(), "the removed message 9 still counts");
            model.nextSeq = state.nextSeq();
            model.put(log, "after", null);
        }
        try (SegmentedLog log = SegmentedLog.open(dir, NO_BACKGROUND)) {
            RecoveredState state = log.takeRecovered();
            assertEquals(11, state.nextSeq());
            model.assertReplayed(state);
        }
    }

    @Test
    void messageIdEmptyBodyAndDeliveryCountRoundTrip() throws IOException {
        byte[] id = "src-7:0".getBytes(StandardCharsets.US_ASCII);
        try (SegmentedLog log = SegmentedLog.open(dir, NO_BACKGROUND)) {
            assertTrue(log.appendPut(5, 1234L, id, new byte[0]));
            assertTrue(log.appendDelivered(5, 3));
            assertTrue(log.appendDelivered(5, 2), "a smaller count is written but does not win");
        }
        try (SegmentedLog log = SegmentedLog.open(dir, NO_BACKGROUND)) {
            RecoveredMessage m = log.takeRecovered().messages().get(0);
            assertEquals(5, m.seq());
            assertEquals(1234L, m.enqueuedAtMillis());
            assertArrayEquals(id, m.messageId());
            assertEquals(0, m.body().length);
            assertEquals(3, m.deliveries());
        }
    }

    @Test
    void appendLeavesTheCallersBufferPositionsWhereTheyWere() throws IOException {
        ByteBuffer id = ByteBuffer.wrap("xxid".getBytes(StandardCharsets.US_ASCII)).position(2);
        ByteBuffer body = ByteBuffer.allocateDirect(10).put("__hello".getBytes(StandardCharsets.US_ASCII)).flip().position(2);
        try (SegmentedLog log = SegmentedLog.open(dir, NO_BACKGROUND)) {
            log.appendPut(0, 0, id, body);
            assertEquals(2, id.position());
            assertEquals(2, body.position());
        }
        try (SegmentedLog log = SegmentedLog.open(dir, NO_BACKGROUND)) {
            RecoveredMessage m = log.takeRecovered().messages().get(0);
            assertEquals("id", new String(m.messageId(), StandardCharsets.US_ASCII));
            assertEquals("hello", new String(m.body(), StandardCharsets.US_ASCII));
        }
    }

    @Test
    void recordsForMessagesTheLogDoesNotHoldWriteNothing() throws IOException {
        try (SegmentedLog log = SegmentedLog.open(dir, NO_BACKGROUND)) {
            assertFalse(log.appendRemove(42));
            assertFalse(log.appendDelivered(42, 1));
            assertTrue(log.appendPut(1, 0, null, new byte[] {1}));
            assertFalse(log.appendPut(1, 0, null, new byte[] {2}), "a second PUT of a live seq");
            assertTrue(log.appendRemove(1));
            assertFalse(log.appendRemove(1), "a second REMOVE");
            assertEquals(SegmentedLog.NOT_WRITTEN, log.writeRemove(1));
            assertEquals(2, log.stats().appendedRecords());
        }
    }

    @Test
    void recoveredStateCanBeTakenOnlyOnce() throws IOException {
        try (SegmentedLog log = SegmentedLog.open(dir, NO_BACKGROUND)) {
            log.takeRecovered();
            assertThrows(IllegalStateException.class, log::takeRecovered);
        }
    }

    @Test
    void badArgumentsAreRefusedWithTheirLimits() throws IOException {
        try (SegmentedLog log = SegmentedLog.open(dir, NO_BACKGROUND)) {
            assertThrows(IllegalArgumentException.class, () -> log.appendPut(-1, 0, null, new byte[0]));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> log.appendPut(0, 0, new byte[256], new byte[0]));
            assertTrue(e.getMessage().contains("255"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> log.appendDelivered(0, -1));
        }
    }

    @Test
    void secondOpenOfTheSameDirectoryIsRefusedWithAClearMessage() throws IOException {
        try (SegmentedLog log = SegmentedLog.open(dir, NO_BACKGROUND)) {
            IOException e = assertThrows(IOException.class, () -> SegmentedLog.open(dir, NO_BACKGROUND));
            assertTrue(e.getMessage().contains("in use"), e.getMessage());
        }
        SegmentedLog.open(dir, NO_BACKGROUND).close();
    }

    @Test
    void appendsAfterCloseFailWithIOException() throws IOException {
        SegmentedLog log = SegmentedLog.open(dir, NO_BACKGROUND);
        log.close();
        log.close();
        IOException e = assertThrows(IOException.class, () -> log.appendPut(0, 0, null, new byte[0]));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
    }

    @Test
    void fileThatIsNotASegmentIsRefusedAndNamed() throws IOException {
        Path stranger = dir.resolve(RecordFormat.segmentFileName(1));
        Files.writeString(stranger, "this is not a log segment, it is a note somebody left");
        IOException e = assertThrows(IOException.class, () -> SegmentedLog.open(dir, NO_BACKGROUND));
        assertTrue(e.getMessage().contains(stranger.toString()) && e.getMessage().contains("not a segment"), e.getMessage());
        SegmentedLog.open(dir.resolve("elsewhere"), NO_BACKGROUND).close();
    }

    @Test
    void threadWithAPendingInterruptStillAppendsAndKeepsItsInterrupt() throws IOException {
        try (SegmentedLog log = SegmentedLog.open(dir, LogConfig.defaults().compactionInterval(Duration.ZERO))) {
            Thread.currentThread().interrupt();
            try {
                assertTrue(log.appendPut(0, 0, null, new byte[] {7}));
                assertTrue(Thread.currentThread().isInterrupted());
            } finally {
                Thread.interrupted();
            }
            assertTrue(log.appendPut(1, 0, null, new byte[] {8}), "the log still works for everyone");
        }
        try (SegmentedLog log = SegmentedLog.open(dir, NO_BACKGROUND)) {
            assertEquals(2, log.takeRecovered().messages().size());
        }
    }

    @Test
    void interruptDuringAForceFailsOnlyThatAppendAndTheLogGoesOn() throws IOException {
        // NIO closes a channel when the thread using it is interrupted; here the interrupt lands inside the force.
        AtomicBoolean interruptNextForce = new AtomicBoolean();
        ForceHook interrupting = channel -> {
            if (interruptNextForce.getAndSet(false)) {
                Thread.currentThread().interrupt();
            }
            channel.force(false);
        };
        LogConfig always = LogConfig.defaults().fsync(FsyncPolicy.ALWAYS).compactionInterval(Duration.ZERO);
        try (SegmentedLog log = SegmentedLog.open(dir, always, interrupting)) {
            assertTrue(log.appendPut(0, 0, null, new byte[] {0}));
            interruptNextForce.set(true);
            try {
                assertThrows(ClosedByInterruptException.class, () -> log.appendPut(1, 0, null, new byte[] {1}));
                assertTrue(Thread.currentThread().isInterrupted(), "the interrupt is handed back");
            } finally {
                Thread.interrupted();
            }
            assertTrue(log.appendPut(2, 0, null, new byte[] {2}), "the next append reopens the file");
            assertTrue(log.appendRemove(0));
        }
        try (SegmentedLog log = SegmentedLog.open(dir, NO_BACKGROUND)) {
            RecoveredState state = log.takeRecovered();
            assertEquals(List.of(1L, 2L), state.messages().stream().map(RecoveredMessage::seq).toList(),
                    "the interrupted PUT reached the file before its force failed");
            assertEquals(0, state.truncatedBytes());
        }
    }

    @Test
    void alwaysPolicyForcesTheRecordBeforeTheAppendReturns() throws IOException {
        List<Long> forcedSizes = new CopyOnWriteArrayList<>();
        ForceHook counting = channel -> {
            forcedSizes.add(channel.size());
            channel.force(false);
        };
        LogConfig always = LogConfig.defaults().fsync(FsyncPolicy.ALWAYS).compactionInterval(Duration.ZERO);
        try (SegmentedLog log = SegmentedLog.open(dir, always, counting)) {
            Path segment = Model.segmentFiles(dir).get(0);
            for (int i = 0; i < 5; i++) {
                int before = forcedSizes.size();
                log.appendPut(i, 0, null, new byte[10 + i]);
                assertEquals(before + 1, forcedSizes.size(), "one force per lone append");
                assertEquals(Files.size(segment), forcedSizes.get(before), "the force saw the whole record");
                assertEquals(log.stats().writtenPosition(), log.stats().durablePosition());
            }
            int before = forcedSizes.size();
            log.appendRemove(0);
            log.appendDelivered(1, 1);
            assertEquals(before + 2, forcedSizes.size(), "removals and deliveries are forced too");
        }
    }

    @Test
    void commitAfterSeveralWritesForcesOnce() throws IOException {
        AtomicInteger forces = new AtomicInteger();
        ForceHook counting = channel -> {
            forces.incrementAndGet();
            channel.force(false);
        };
        LogConfig always = LogConfig.defaults().fsync(FsyncPolicy.ALWAYS).compactionInterval(Duration.ZERO);
        try (SegmentedLog log = SegmentedLog.open(dir, always, counting)) {
            long last = SegmentedLog.NOT_WRITTEN;
            for (int i = 0; i < 10; i++) {
                last = log.writePut(i, 0, null, ByteBuffer.wrap(new byte[20]));
            }
            assertEquals(0, forces.get(), "writes alone do not force");
            log.commit(last);
            assertEquals(1, forces.get());
            log.commit(last);
            assertEquals(1, forces.get(), "a commit already covered does not force again");
        }
    }

    @Test
    void concurrentAppendersShareOneForce() throws Exception {
        CountDownLatch firstForceEntered = new CountDownLatch(1);
        CountDownLatch releaseFirstForce = new CountDownLatch(1);
        AtomicInteger forces = new AtomicInteger();
        ForceHook gated = channel -> {
            if (forces.incrementAndGet() == 1) {
                firstForceEntered.countDown();
                try {
                    releaseFirstForce.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            channel.force(false);
        };
        LogConfig always = LogConfig.defaults().fsync(FsyncPolicy.ALWAYS).compactionInterval(Duration.ZERO);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try (SegmentedLog log = SegmentedLog.open(dir, always, gated)) {
            Future<Boolean> first = pool.submit(() -> log.appendPut(0, 0, null, new byte[8]));
            assertTrue(firstForceEntered.await(30, TimeUnit.SECONDS));
            List<Future<Boolean>> others = new ArrayList<>();
            for (int i = 1; i <= 3; i++) {
                long seq = i;
                others.add(pool.submit(() -> log.appendPut(seq, 0, null, new byte[8])));
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (log.stats().appendedRecords() < 4 && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            assertEquals(4, log.stats().appendedRecords(), "the others wrote while the first force ran");
            releaseFirstForce.countDown();
            assertTrue(first.get(30, TimeUnit.SECONDS));
            for (Future<Boolean> f : others) {
                assertTrue(f.get(30, TimeUnit.SECONDS));
            }
            assertEquals(2, forces.get(), "three appenders that waited share the second force");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void neverPolicyForcesOnlyAtClose() throws IOException {
        AtomicInteger forces = new AtomicInteger();
        ForceHook counting = channel -> {
            forces.incrementAndGet();
            channel.force(false);
        };
        try (SegmentedLog log = SegmentedLog.open(dir, NO_BACKGROUND.segmentBytes(256), counting)) {
            for (int i = 0; i < 50; i++) {
                log.appendPut(i, 0, null, new byte[30]);
            }
            assertEquals(0, forces.get());
            assertTrue(log.stats().segments() > 1);
        }
        assertTrue(forces.get() > 0, "close forces what was written");
    }

    @Test
    void intervalPolicyForcesFromTheBackgroundThread() throws Exception {
        AtomicInteger forces = new AtomicInteger();
        ForceHook counting = channel -> {
            forces.incrementAndGet();
            channel.force(false);
        };
        LogConfig interval = LogConfig.defaults().fsync(FsyncPolicy.INTERVAL).fsyncInterval(Duration.ofMillis(5))
                .compactionInterval(Duration.ZERO);
        try (SegmentedLog log = SegmentedLog.open(dir, interval, counting)) {
            long position = log.writePut(0, 0, null, ByteBuffer.wrap(new byte[8]));
            log.commit(position);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (log.stats().durablePosition() < position && System.nanoTime() < deadline) {
                Thread.sleep(2);
            }
            assertEquals(position, log.stats().durablePosition(), "the fsync thread caught up");
            assertTrue(forces.get() >= 1);
        }
    }

    @Test
    void concurrentAppendsFromSeveralThreadsAllReplay() throws Exception {
        int threads = 4;
        int perThread = 400;
        LogConfig config = LogConfig.defaults().fsync(FsyncPolicy.ALWAYS).segmentBytes(4096)
                .compactionInterval(Duration.ofMillis(2));
        Model model = new Model();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try (SegmentedLog log = SegmentedLog.open(dir, config)) {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    Random random = new Random(thread);
                    for (int i = 0; i < perThread; i++) {
                        long seq = (long) i * threads + thread;
                        byte[] body = ("t" + thread + "-" + i).getBytes(StandardCharsets.UTF_8);
                        model.put(log, seq, body, null);
                        if (random.nextInt(4) > 0) {
                            if (random.nextBoolean()) {
                                model.deliver(log, seq);
                            }
                            model.remove(log, seq);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
            assertEquals(0, log.stats().backgroundErrors());
        } finally {
            pool.shutdownNow();
        }
        try (SegmentedLog log = SegmentedLog.open(dir, NO_BACKGROUND)) {
            RecoveredState state = log.takeRecovered();
            model.assertReplayed(state);
            assertEquals((long) threads * perThread, state.nextSeq());
        }
    }

    @Test
    void configRefusesNonsenseWithTheAcceptedRange() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LogConfig.defaults().segmentBytes(10));
        assertTrue(e.getMessage().contains("segment size"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> LogConfig.defaults().fsyncInterval(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> LogConfig.defaults().compactionLiveRatio(0));
        assertThrows(IllegalArgumentException.class, () -> LogConfig.defaults().compactionInterval(Duration.ofMillis(-1)));
    }

    @Test
    void fsyncPolicyParsesTheCommandLineWords() {
        assertEquals(FsyncPolicy.ALWAYS, FsyncPolicy.parse("always"));
        assertEquals(FsyncPolicy.INTERVAL, FsyncPolicy.parse("Interval"));
        assertEquals(FsyncPolicy.NEVER, FsyncPolicy.parse("NEVER"));
        assertEquals("interval", FsyncPolicy.INTERVAL.word());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FsyncPolicy.parse("sometimes"));
        assertTrue(e.getMessage().contains("always, interval or never"), e.getMessage());
    }
}
