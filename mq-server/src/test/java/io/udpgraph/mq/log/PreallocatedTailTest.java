package io.udpgraph.mq.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The newest segment holds zeros past its records while the log is open; they are its end, never damage. */
class PreallocatedTailTest {
    private static final LogConfig CONFIG = LogConfig.defaults().fsync(FsyncPolicy.NEVER).compactionInterval(Duration.ZERO);

    @TempDir
    Path tmp;

    private static Model someRecords(SegmentedLog log, int steps) throws IOException {
        Model model = new Model();
        Random random = new Random(7);
        for (int i = 0; i < steps; i++) {
            model.randomStep(log, random);
        }
        return model;
    }

    /** Where the records of a segment end, walking its frames from the header. */
    private static long recordsEnd(Path segment) throws IOException {
        try (FileChannel channel = FileChannel.open(segment)) {
            SegmentReader reader = new SegmentReader(channel, RecordFormat.HEADER_BYTES, channel.size());
            long end = RecordFormat.HEADER_BYTES;
            while (reader.next() == SegmentReader.Step.RECORD) {
                end = reader.offset() + reader.recordBytes();
            }
            return end;
        }
    }

    private static void append(Path file, byte[] bytes) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            channel.write(ByteBuffer.wrap(bytes));
        }
    }

    @Test
    void aLogKilledWithZerosPastItsRecordsReplaysEveryRecordAndReportsNothingCut() throws IOException {
        Path live = tmp.resolve("live");
        Path crashed = tmp.resolve("crashed");
        Model model;
        try (SegmentedLog log = SegmentedLog.open(live, CONFIG)) {
            model = someRecords(log, 60);
            Path segment = Model.segmentFiles(live).get(0);
            assertTrue(Files.size(segment) > recordsEnd(segment), "the open segment holds zeros past its records");
            // What a kill -9 leaves: the files as they are, preallocated tail and all.
            Model.copySegments(live, crashed);
        }
        try (SegmentedLog log = SegmentedLog.open(crashed, CONFIG)) {
            assertIntact(log.takeRecovered(), model);
            model.put(log, "written over the zeros", null);
        }
        try (SegmentedLog log = SegmentedLog.open(crashed, CONFIG)) {
            assertIntact(log.takeRecovered(), model);
        }
    }

    /** Nothing cut, nothing reported damaged, every live message back. */
    private static void assertIntact(RecoveredState state, Model model) {
        assertEquals(0, state.truncatedBytes());
        assertEquals(List.of(), state.damage());
        model.assertReplayed(state);
    }

    @Test
    void sealedAndClosedSegmentsEndAtTheirLastRecord() throws IOException {
        Path dir = tmp.resolve("log");
        try (SegmentedLog log = SegmentedLog.open(dir, CONFIG.segmentBytes(4096))) {
            someRecords(log, 300);
            List<Path> files = Model.segmentFiles(dir);
            assertTrue(files.size() > 2, "the log rolled");
            for (Path sealed : files.subList(0, files.size() - 1)) {
                assertEquals(recordsEnd(sealed), Files.size(sealed), sealed + " holds no zeros");
            }
        }
        for (Path segment : Model.segmentFiles(dir)) {
            assertEquals(recordsEnd(segment), Files.size(segment), segment + " holds no zeros after a clean close");
        }
    }

    @Test
    void aTornRecordBeforeTheZerosIsCutAsATornTail() throws IOException {
        Path dir = tmp.resolve("log");
        Model model;
        try (SegmentedLog log = SegmentedLog.open(dir, CONFIG)) {
            model = someRecords(log, 40);
        }
        Path segment = Model.segmentFiles(dir).get(0);
        long end = Files.size(segment);
        byte[] torn = new byte[] {90, 0, 0, 0, 1, 2, 3, 4, 1, 9, 9};
        append(segment, torn);
        append(segment, new byte[8192]);
        try (SegmentedLog log = SegmentedLog.open(dir, CONFIG)) {
            RecoveredState state = log.takeRecovered();
            assertEquals(torn.length + 8192, state.truncatedBytes());
            assertEquals(end, Files.size(segment), "cut back to whole records");
            model.assertReplayed(state);
        }
    }
}
