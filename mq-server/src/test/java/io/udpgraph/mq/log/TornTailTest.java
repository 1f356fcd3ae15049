package io.udpgraph.mq.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A crash can leave any prefix of the last record on disk, or damage it; replay must notice and go on. */
class TornTailTest {
    private static final LogConfig CONFIG = LogConfig.defaults().fsync(FsyncPolicy.NEVER).compactionInterval(Duration.ZERO);

    @TempDir
    Path tmp;

    /** A log of mixed records whose last record is {@code last}; returns the model without it. */
    private Model writeLogEndingWith(Path dir, String last) throws IOException {
        Model model = new Model();
        Random random = new Random(3);
        try (SegmentedLog log = SegmentedLog.open(dir, CONFIG)) {
            for (int i = 0; i < 40; i++) {
                model.randomStep(log, random);
            }
            model.put(log, "survivor", "id-s");
            Model before = copy(model);
            switch (last) {
                case "put" -> model.put(log, "the last message, torn", "id-last");
                case "remove" -> model.remove(log, model.live.lastKey());
                case "delivered" -> model.deliver(log, model.live.lastKey());
                default -> throw new IllegalArgumentException(last);
            }
            return before;
        }
    }

    private static Model copy(Model model) {
        Model c = new Model();
        c.live.putAll(model.live);
        c.nextSeq = model.nextSeq;
        return c;
    }

    /** The offset where the last record of a segment starts, by walking its frames. */
    private static long lastRecordStart(Path segment) throws IOException {
        try (FileChannel channel = FileChannel.open(segment)) {
            SegmentReader reader = new SegmentReader(channel, RecordFormat.HEADER_BYTES, channel.size());
            long last = -1;
            while (reader.next() == SegmentReader.Step.RECORD) {
                last = reader.offset();
            }
            return last;
        }
    }

    private static Path copyDir(Path from, Path to) throws IOException {
        return Model.copySegments(from, to);
    }

    @Test
    void tornFinalRecordIsDroppedAtEveryCutAndLaterAppendsReplay() throws IOException {
        for (String last : new String[] {"put", "remove", "delivered"}) {
            Path original = tmp.resolve("original-" + last);
            Model expected = writeLogEndingWith(original, last);
            Path segment = Model.segmentFiles(original).get(0);
            long start = lastRecordStart(segment);
            long end = Files.size(segment);
            for (long cut = start; cut < end; cut++) {
                Path dir = copyDir(original, tmp.resolve(last + "-cut-" + cut));
                Path copy = dir.resolve(segment.getFileName());
                try (FileChannel channel = FileChannel.open(copy, StandardOpenOption.WRITE)) {
                    channel.truncate(cut);
                }
                Model model = copy(expected);
                try (SegmentedLog log = SegmentedLog.open(dir, CONFIG)) {
                    RecoveredState state = log.takeRecovered();
                    String where = last + " cut at " + (cut - start) + " of " + (end - start) + " bytes";
                    assertEquals(cut - start, state.truncatedBytes(), where);
                    assertEquals(start, Files.size(copy), "the file is cut back to whole records, " + where);
                    model.assertReplayed(state);
                    model.put(log, "appended after the torn record", null);
                }
                try (SegmentedLog log = SegmentedLog.open(dir, CONFIG)) {
                    RecoveredState state = log.takeRecovered();
                    assertEquals(0, state.truncatedBytes());
                    model.assertReplayed(state);
                }
            }
        }
    }

    @Test
    void corruptedByteAnywhereInTheLastRecordIsCaughtByTheChecksum() throws IOException {
        Path original = tmp.resolve("original");
        Model expected = writeLogEndingWith(original, "put");
        Path segment = Model.segmentFiles(original).get(0);
        long start = lastRecordStart(segment);
        long end = Files.size(segment);
        for (long at = start; at < end; at++) {
            Path dir = copyDir(original, tmp.resolve("flip-" + at));
            Path copy = dir.resolve(segment.getFileName());
            flipBit(copy, at, (int) (at % 8));
            try (SegmentedLog log = SegmentedLog.open(dir, CONFIG)) {
                RecoveredState state = log.takeRecovered();
                assertEquals(end - start, state.truncatedBytes(), "byte " + (at - start) + " of the last record flipped");
                copy(expected).assertReplayed(state);
            }
        }
    }

    @Test
    void damagedRecordInTheMiddleCostsOnlyItsOwnMessage() throws IOException {
        Path dir = tmp.resolve("log");
        Model model = new Model();
        try (SegmentedLog log = SegmentedLog.open(dir, CONFIG)) {
            for (int i = 0; i < 5; i++) {
                model.put(log, "message " + i, null);
            }
        }
        Path segment = Model.segmentFiles(dir).get(0);
        long sizeBefore = Files.size(segment);
        long recordBytes = RecordFormat.putRecordBytes(0, "message 0".length());
        flipBit(segment, RecordFormat.HEADER_BYTES + 2 * recordBytes + 20, 0);
        try (SegmentedLog log = SegmentedLog.open(dir, CONFIG)) {
            RecoveredState state = log.takeRecovered();
            assertEquals(0, state.truncatedBytes());
            assertEquals(recordBytes, state.damagedBytes());
            assertEquals(java.util.List.of(0L, 1L, 3L, 4L), state.messages().stream().map(RecoveredMessage::seq).toList());
            assertEquals(5, state.nextSeq());
            assertEquals(sizeBefore, Files.size(segment), "the damaged bytes are skipped, not cut");
            assertTrue(state.damage().get(0).contains("perhaps the PUT of message 2"), state.damage().toString());
            assertTrue(Files.exists(dir.resolve("quarantine").resolve(segment.getFileName())));
        }
    }

    @Test
    void tornHeaderOfTheNewestSegmentIsDeletedWithoutWriting() throws IOException {
        Path dir = tmp.resolve("log");
        Model model = new Model();
        try (SegmentedLog log = SegmentedLog.open(dir, CONFIG)) {
            model.put(log, "kept", null);
            model.put(log, "also kept", null);
        }
        // A crash right after the next segment's file was created, before its header was whole.
        Files.write(dir.resolve(RecordFormat.segmentFileName(2)), new byte[] {'U', 'G', 'L'});
        try (SegmentedLog log = SegmentedLog.open(dir, CONFIG)) {
            RecoveredState state = log.takeRecovered();
            assertEquals(3, state.truncatedBytes());
            assertEquals(1, state.segments());
            assertFalse(Files.exists(dir.resolve(RecordFormat.segmentFileName(2))));
            model.assertReplayed(state);
            model.put(log, "into the segment before it", null);
        }
        try (SegmentedLog log = SegmentedLog.open(dir, CONFIG)) {
            RecoveredState state = log.takeRecovered();
            assertEquals(0, state.truncatedBytes());
            model.assertReplayed(state);
            assertEquals(3, state.nextSeq());
        }
    }

    @Test
    void damagedHeaderOfAnOlderSegmentIsSkippedAndItsRecordsKept() throws IOException {
        Path dir = tmp.resolve("log");
        Model model = new Model();
        try (SegmentedLog log = SegmentedLog.open(dir, CONFIG.segmentBytes(100))) {
            for (int i = 0; i < 6; i++) {
                model.put(log, "x".repeat(40), null);
            }
        }
        Path first = Model.segmentFiles(dir).get(0);
        flipBit(first, 10, 1);
        try (SegmentedLog log = SegmentedLog.open(dir, CONFIG)) {
            RecoveredState state = log.takeRecovered();
            model.assertReplayed(state);
            assertEquals(RecordFormat.HEADER_BYTES, state.damagedBytes());
            assertTrue(state.damage().get(0).contains(first.getFileName().toString()), state.damage().toString());
        }
        assertTrue(Files.exists(dir.resolve("quarantine").resolve(first.getFileName())), "a copy is kept aside");
    }

    private static void flipBit(Path file, long at, int bit) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer one = ByteBuffer.allocate(1);
            channel.read(one, at);
            one.put(0, (byte) (one.get(0) ^ (1 << bit))).clear();
            channel.write(one, at);
        }
    }
}
