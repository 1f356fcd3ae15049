package io.udpgraph.mq.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompactionTest {
    /** Segments of a few records each, and compaction only when the test asks. */
    private static final LogConfig SMALL = LogConfig.defaults().fsync(FsyncPolicy.NEVER).segmentBytes(512)
            .compactionInterval(Duration.ZERO);

    @TempDir
    Path tmp;
    private Path dir;

    @BeforeEach
    void logDirectory() {
        dir = tmp.resolve("log");
    }

    @Test
    void segmentsRollAtTheConfiguredSize() throws IOException {
        Model model = new Model();
        try (SegmentedLog log = SegmentedLog.open(dir, SMALL)) {
            for (int i = 0; i < 100; i++) {
                model.put(log, "message number " + i, null);
            }
            assertEquals(Model.segmentFiles(dir).size(), log.stats().segments());
        }
        List<Path> files = Model.segmentFiles(dir);
        assertTrue(files.size() >= 8, files.size() + " segments");
        for (Path f : files) {
            assertTrue(Files.size(f) <= 512, f + " has " + Files.size(f) + " bytes");
        }
        try (SegmentedLog log = SegmentedLog.open(dir, SMALL)) {
            model.assertReplayed(log.takeRecovered());
        }
    }

    @Test
    void aRecordLargerThanASegmentGetsASegmentOfItsOwn() throws IOException {
        Model model = new Model();
        try (SegmentedLog log = SegmentedLog.open(dir, SMALL)) {
            model.put(log, "small", null);
            model.put(log, "x".repeat(2000), null);
            model.put(log, "small again", null);
        }
        assertEquals(3, Model.segmentFiles(dir).size());
        try (SegmentedLog log = SegmentedLog.open(dir, SMALL)) {
            model.assertReplayed(log.takeRecovered());
        }
    }

    @Test
    void compactionForcesTheRemovalsItActsOnBeforeItDropsAnything() throws IOException {
        java.util.concurrent.atomic.AtomicInteger forces = new java.util.concurrent.atomic.AtomicInteger();
        Model model = new Model();
        try (SegmentedLog log = SegmentedLog.open(dir, SMALL, channel -> {
            forces.incrementAndGet();
            channel.force(false);
        })) {
            for (int i = 0; i < 60; i++) {
                model.put(log, "message number " + i, null);
            }
            for (long seq = 0; seq < 60; seq++) {
                model.remove(log, seq); // under --fsync never nothing forces these
            }
            forces.set(0);
            CompactionResult result = log.compactNow();
            assertTrue(result.segmentsDeleted() > 0, result.toString());
            assertTrue(forces.get() > result.segmentsRewritten(),
                    "a force of the removals came first: " + forces.get() + " forces for " + result);
        }
    }

    @Test
    void compactionDeletesSegmentsWhoseMessagesWereAllRemoved() throws IOException {
        Model model = new Model();
        try (SegmentedLog log = SegmentedLog.open(dir, SMALL)) {
            for (int i = 0; i < 60; i++) {
                model.put(log, "message number " + i, null);
            }
            for (long seq = 0; seq < 60; seq++) {
                model.remove(log, seq);
            }
            int before = log.stats().segments();
            CompactionResult result = log.compactNow();
            assertEquals(before - 2, result.segmentsDeleted(), "every sealed segment but the highest goes");
            assertEquals(1, result.segmentsRewritten(), "the highest sealed one keeps its header, a high-water mark");
            assertEquals(2, Model.segmentFiles(dir).size());
            assertEquals(RecordFormat.HEADER_BYTES, Files.size(Model.segmentFiles(dir).get(0)));
            assertEquals(result.bytesReclaimed(), log.stats().bytesReclaimed());
        }
        try (SegmentedLog log = SegmentedLog.open(dir, SMALL)) {
            RecoveredState state = log.takeRecovered();
            model.assertReplayed(state);
            assertEquals(60, state.nextSeq(), "the sequence survives the deletion of every PUT");
            assertEquals(List.of(), state.damage(), "the manifest follows the deletions: nothing looks missing");
        }
    }

    @Test
    void compactionRewritesMostlyDeadSegmentsAndReplayGivesTheSameState() throws IOException {
        Model model = new Model();
        try (SegmentedLog log = SegmentedLog.open(dir, SMALL)) {
            for (int i = 0; i < 60; i++) {
                model.put(log, "message number " + i, null);
            }
            // Keep one message in five, with a delivery count that must survive the rewrite.
            for (long seq = 0; seq < 60; seq++) {
                if (seq % 5 == 0) {
                    model.deliver(log, seq);
                    model.deliver(log, seq);
                } else {
                    model.remove(log, seq);
                }
            }
            long diskBefore = log.stats().diskBytes();
            CompactionResult result = log.compactNow();
            assertTrue(result.segmentsRewritten() > 0, result.toString());
            assertTrue(log.stats().diskBytes() < diskBefore / 2, log.stats() + " vs " + diskBefore);
            assertEquals(CompactionResult.NOTHING, log.compactNow(), "a second pass finds nothing to do");
            model.put(log, "after compaction", null);
            model.remove(log, 5 * 3);
        }
        try (SegmentedLog log = SegmentedLog.open(dir, SMALL)) {
            RecoveredState state = log.takeRecovered();
            assertEquals(0, state.truncatedBytes());
            assertEquals(List.of(), state.damage(), "the manifest follows the rewrites: nothing looks cut");
            model.assertReplayed(state);
        }
    }

    @Test
    void removalIsKeptWhileAnOlderSegmentStillHoldsItsPut() throws IOException {
        Model model = new Model();
        try (SegmentedLog log = SegmentedLog.open(dir, SMALL)) {
            long big = model.put(log, "b".repeat(300), null);
            long small = model.put(log, "small", null);
            model.put(log, "c".repeat(300), null);                  // rolls: segment 1 holds big and small
            model.remove(log, small);                                // segment 2: the only record cancelling small
            for (int i = 0; i < 12; i++) {
                long seq = model.put(log, "filler " + i, null);
                model.remove(log, seq);
            }
            model.remove(log, 2);
            CompactionResult result = log.compactNow();
            assertTrue(result.segmentsDeleted() + result.segmentsRewritten() > 0, result.toString());
            assertTrue(Files.exists(dir.resolve(RecordFormat.segmentFileName(1))), "segment 1 is mostly live");
            assertTrue(model.live.containsKey(big));
        }
        try (SegmentedLog log = SegmentedLog.open(dir, SMALL)) {
            model.assertReplayed(log.takeRecovered());
        }
    }

    @Test
    void aSequenceNumberUsedAgainAfterItsRemovalReplaysAsTheNewMessageAfterCompaction() throws IOException {
        Model model = new Model();
        try (SegmentedLog log = SegmentedLog.open(dir, SMALL)) {
            model.put(log, 0, "old".getBytes(java.nio.charset.StandardCharsets.UTF_8), null);
            model.deliver(log, 0);
            model.deliver(log, 0);
            model.deliver(log, 0);
            model.remove(log, 0);
            // A node that restarted on an empty queue numbers from the start again.
            model.put(log, 0, "new".getBytes(java.nio.charset.StandardCharsets.UTF_8), null);
            model.nextSeq = 1;
            while (log.stats().segments() < 3) {
                model.remove(log, model.put(log, "dead filler", null));
            }
            CompactionResult result = log.compactNow();
            assertTrue(result.segmentsRewritten() >= 1, result.toString());
            assertTrue(Files.exists(dir.resolve(RecordFormat.segmentFileName(1))));
        }
        try (SegmentedLog log = SegmentedLog.open(dir, SMALL)) {
            model.assertReplayed(log.takeRecovered());
        }
    }

    @Test
    void halfWrittenCompactionFileIsDeletedAtOpenAndLosesNothing() throws IOException {
        Model model = new Model();
        try (SegmentedLog log = SegmentedLog.open(dir, SMALL)) {
            for (int i = 0; i < 40; i++) {
                model.put(log, "message number " + i, null);
            }
            for (long seq = 0; seq < 40; seq += 2) {
                model.remove(log, seq);
            }
        }
        // A compaction of segment 1 that crashed halfway: a prefix of a plausible rewrite, and junk.
        Path first = dir.resolve(RecordFormat.segmentFileName(1));
        byte[] bytes = Files.readAllBytes(first);
        Path temp = dir.resolve(first.getFileName() + ".compact");
        Files.write(temp, Arrays.copyOf(bytes, bytes.length / 2));
        Path junk = dir.resolve(RecordFormat.segmentFileName(2) + ".compact");
        Files.write(junk, new byte[] {1, 2, 3});
        try (SegmentedLog log = SegmentedLog.open(dir, SMALL)) {
            RecoveredState state = log.takeRecovered();
            assertEquals(0, state.truncatedBytes());
            model.assertReplayed(state);
            assertFalse(Files.exists(temp));
            assertFalse(Files.exists(junk));
            log.compactNow();
        }
        try (SegmentedLog log = SegmentedLog.open(dir, SMALL)) {
            model.assertReplayed(log.takeRecovered());
        }
    }

    @Test
    void everyStateACrashDuringCompactionCanLeaveReplaysTheSame() throws IOException {
        Model model = new Model();
        try (SegmentedLog log = SegmentedLog.open(dir, SMALL)) {
            for (int i = 0; i < 40; i++) {
                model.put(log, "message number " + i, null);
            }
            for (long seq = 0; seq < 40; seq++) {
                if (seq % 4 != 0) {
                    model.remove(log, seq);
                }
            }
        }
        Path snapshot = tmp.resolve("snapshot");
        Files.createDirectories(snapshot);
        for (Path f : Model.segmentFiles(dir)) {
            Files.copy(f, snapshot.resolve(f.getFileName()));
        }
        try (SegmentedLog log = SegmentedLog.open(dir, SMALL)) {
            log.takeRecovered();
            CompactionResult result = log.compactNow();
            assertTrue(result.segmentsRewritten() > 0, result.toString());
        }
        // Compaction finishes each segment (rename, directory forced) before it starts the next, in order, so a
        // crash leaves segments below some k compacted and the others as they were: each such state must replay.
        int highest = RecordFormat.parseSegmentFileName(Model.segmentFiles(snapshot).get(Model.segmentFiles(snapshot).size() - 1)
                .getFileName().toString());
        for (int k = 1; k <= highest + 1; k++) {
            Path mixed = tmp.resolve("crash-before-" + k);
            Files.createDirectories(mixed);
            for (int id = 1; id <= highest; id++) {
                String name = RecordFormat.segmentFileName(id);
                Path source = (id < k ? dir : snapshot).resolve(name);
                if (Files.exists(source)) {
                    Files.copy(source, mixed.resolve(name));
                }
            }
            try (SegmentedLog log = SegmentedLog.open(mixed, SMALL)) {
                model.assertReplayed(log.takeRecovered());
            }
        }
    }

    @Test
    void randomOperationsWithCompactionAndReopensReplayToTheModel() throws IOException {
        for (long seed = 1; seed <= 4; seed++) {
            Path logDir = dir.resolve("seed-" + seed);
            Random random = new Random(seed);
            Model model = new Model();
            model.reuseNumbers = seed != 1;
            LogConfig config = SMALL.compactionLiveRatio(seed % 2 == 0 ? 0.5 : 0.9);
            SegmentedLog log = SegmentedLog.open(logDir, config);
            int compacted = 0;
            try {
                for (int step = 1; step <= 2000; step++) {
                    model.randomStep(log, random);
                    if (step % 41 == 0) {
                        CompactionResult result = log.compactNow();
                        compacted += result.segmentsDeleted() + result.segmentsRewritten();
                    }
                    if (step % 400 == 0) {
                        log.close();
                        log = SegmentedLog.open(logDir, config);
                        RecoveredState state = log.takeRecovered();
                        model.assertReplayed(state);
                        if (!model.reuseNumbers) {
                            assertEquals(model.nextSeq, state.nextSeq(), "seed " + seed + " step " + step);
                        }
                    }
                }
                assertTrue(compacted > 0, "seed " + seed + " compacted nothing");
            } finally {
                log.close();
            }
            try (SegmentedLog reopened = SegmentedLog.open(logDir, config)) {
                model.assertReplayed(reopened.takeRecovered());
            }
        }
    }

    @Test
    void backgroundCompactorKeepsTheDirectorySmall() throws Exception {
        LogConfig config = SMALL.compactionInterval(Duration.ofMillis(1));
        Model model = new Model();
        try (SegmentedLog log = SegmentedLog.open(dir, config)) {
            for (int i = 0; i < 2000; i++) {
                long seq = model.put(log, "message number " + i, null);
                model.remove(log, seq);
            }
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (log.stats().segments() > 3 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertTrue(log.stats().segments() <= 3, log.stats().toString());
            assertEquals(0, log.stats().backgroundErrors());
        }
        try (SegmentedLog log = SegmentedLog.open(dir, SMALL)) {
            RecoveredState state = log.takeRecovered();
            model.assertReplayed(state);
            assertEquals(2000, state.nextSeq());
        }
    }
}
