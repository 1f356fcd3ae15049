package io.udpgraph.mq.log;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Under {@code --fsync interval} (and {@code never}) the records of a turn are staged and reach the file with one
 * positional write at the commit that ends the turn, byte for byte what one write per record leaves.
 */
class StagedTurnTest {
    private static final LogConfig INTERVAL = LogConfig.defaults().fsync(FsyncPolicy.INTERVAL)
            .fsyncInterval(Duration.ofHours(1)).compactionInterval(Duration.ZERO);
    private static final LogConfig ALWAYS = INTERVAL.fsync(FsyncPolicy.ALWAYS);

    @TempDir
    Path dir;

    @Test
    void aTurnOfRecordsReachesTheFileWithOnePositionalWriteAtItsCommit() throws IOException {
        try (SegmentedLog log = SegmentedLog.open(dir, INTERVAL)) {
            long before = log.recordWrites();
            writeTurn(log, 0);
            assertEquals(before, log.recordWrites(), "nothing is written before the turn's commit");
            log.commit(log.writtenPosition());
            assertEquals(before + 1, log.recordWrites(), "one write for the turn's fifteen records");
            log.commit(log.writtenPosition());
            assertEquals(before + 1, log.recordWrites(), "a commit with nothing staged writes nothing");
        }
    }

    @Test
    void aCommittedTurnIsInTheFileBeforeTheLogIsClosed() throws IOException {
        try (SegmentedLog log = SegmentedLog.open(dir.resolve("live"), INTERVAL)) {
            writeTurn(log, 0);
            log.commit(log.writtenPosition());
            // What a kill -9 now would leave: the files as they are, read by a new log.
            Path copy = dir.resolve("killed");
            Files.createDirectories(copy);
            for (Path file : segments(dir.resolve("live"))) {
                Files.copy(file, copy.resolve(file.getFileName()));
            }
            try (SegmentedLog restarted = SegmentedLog.open(copy, INTERVAL)) {
                assertEquals(7, restarted.takeRecovered().messages().size());
            }
        }
    }

    @Test
    void stagedRecordsReplayAsRecordsWrittenOneByOneEvenAcrossRolls() throws IOException {
        Path staged = dir.resolve("staged");
        Path oneByOne = dir.resolve("one-by-one");
        try (SegmentedLog log = SegmentedLog.open(staged, INTERVAL.segmentBytes(1024))) {
            for (int turn = 0; turn < 6; turn++) {
                writeTurn(log, turn * 100);
                log.commit(log.writtenPosition());
            }
        }
        try (SegmentedLog log = SegmentedLog.open(oneByOne, ALWAYS.segmentBytes(1024))) {
            for (int turn = 0; turn < 6; turn++) {
                writeTurn(log, turn * 100);
                log.commit(log.writtenPosition());
            }
        }
        List<Path> files = segments(staged);
        assertEquals(segments(oneByOne).size(), files.size());
        assertEquals(true, files.size() > 3, "the turns rolled several segments: " + files.size());
        for (Path file : files) {
            assertArrayEquals(Files.readAllBytes(oneByOne.resolve(file.getFileName())), Files.readAllBytes(file),
                    "same bytes in " + file.getFileName());
        }
        try (SegmentedLog a = SegmentedLog.open(staged, INTERVAL); SegmentedLog b = SegmentedLog.open(oneByOne, INTERVAL)) {
            RecoveredState x = a.takeRecovered();
            RecoveredState y = b.takeRecovered();
            assertEquals(describe(y), describe(x));
            assertEquals(y.nextSeq(), x.nextSeq());
        }
    }

    /** Ten PUTs, three of them removed and two leased: fifteen records, seven messages left. */
    private static void writeTurn(SegmentedLog log, long firstSeq) throws IOException {
        for (int i = 0; i < 10; i++) {
            long seq = firstSeq + i;
            log.writePut(seq, 1_000 + seq, i % 2 == 0 ? null : ByteBuffer.wrap(("id-" + seq).getBytes(StandardCharsets.UTF_8)),
                    ByteBuffer.wrap(("body " + seq + " ").repeat(3).getBytes(StandardCharsets.UTF_8)));
        }
        log.writeRemove(firstSeq + 1);
        log.writeRemove(firstSeq + 4);
        log.writeDelivered(firstSeq + 5, 1);
        log.writeDelivered(firstSeq + 5, 2);
        log.writeRemove(firstSeq + 9);
    }

    private static List<String> describe(RecoveredState state) {
        return state.messages().stream().map(m -> m.seq() + " " + m.enqueuedAtMillis() + " "
                + (m.messageId() == null ? "-" : new String(m.messageId(), StandardCharsets.UTF_8)) + " "
                + new String(m.body(), StandardCharsets.UTF_8) + " " + m.deliveries()).toList();
    }

    private static List<Path> segments(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(RecordFormat.SEGMENT_SUFFIX)).sorted().toList();
        }
    }
}
