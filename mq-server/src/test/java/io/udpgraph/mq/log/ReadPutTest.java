package io.udpgraph.mq.log;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A log that keeps only its index reads each live message's PUT back from wherever its record is now. */
class ReadPutTest {
    @TempDir
    Path dir;

    private static LogConfig config() {
        // Compaction only when a test asks for it.
        return LogConfig.defaults().fsync(FsyncPolicy.NEVER).segmentBytes(4096).compactionInterval(Duration.ofHours(1));
    }

    private static byte[] body(long seq) {
        return ("message " + seq + " " + "x".repeat((int) (seq % 97))).getBytes(StandardCharsets.UTF_8);
    }

    private static void put(SegmentedLog log, long seq) throws IOException {
        byte[] id = seq % 3 == 0 ? ("id-" + seq).getBytes(StandardCharsets.UTF_8) : null;
        log.writePut(seq, 1_000 + seq, id == null ? null : ByteBuffer.wrap(id), ByteBuffer.wrap(body(seq)));
    }

    private static void assertReadsBack(SegmentedLog log, PutView view, long seq) throws IOException {
        assertTrue(log.readPut(seq, view), "message " + seq + " is live");
        byte[] got = new byte[view.bodyLength()];
        view.buffer().get(view.bodyOffset(), got);
        assertArrayEquals(body(seq), got, "body of " + seq);
        assertEquals(seq, view.seq());
        assertEquals(1_000 + seq, view.enqueuedAtMillis());
        assertEquals(seq % 3 == 0 ? ("id-" + seq).length() : 0, view.idLength());
    }

    @Test
    void aMessageStagedForTheTurnsWriteReadsBackBeforeTheWrite() throws IOException {
        try (SegmentedLog log = SegmentedLog.open(dir, config(), ForceHook.FORCE_DATA, false)) {
            put(log, 1);
            PutView view = new PutView();
            assertReadsBack(log, view, 1);
            assertEquals(0, view.fileReads(), "read from the staged records, not the file");
            log.commit(log.writtenPosition());
            assertReadsBack(log, new PutView(), 1);
        }
    }

    @Test
    void messagesReadInOrderShareTheirBlockReadsAcrossSealedAndActiveSegments() throws IOException {
        try (SegmentedLog log = SegmentedLog.open(dir, config(), ForceHook.FORCE_DATA, false)) {
            for (long seq = 1; seq <= 400; seq++) {
                put(log, seq);
            }
            log.commit(log.writtenPosition());
            assertTrue(log.stats().segments() > 5, "the messages span many segments: " + log.stats());
            PutView view = new PutView();
            for (long seq = 1; seq <= 400; seq++) {
                assertReadsBack(log, view, seq);
            }
            assertTrue(view.fileReads() <= log.stats().segments() + 1,
                    view.fileReads() + " reads for " + log.stats().segments() + " segments");
        }
    }

    @Test
    void aRemovedMessageIsNotReadBack() throws IOException {
        try (SegmentedLog log = SegmentedLog.open(dir, config(), ForceHook.FORCE_DATA, false)) {
            put(log, 1);
            log.writeRemove(1);
            assertFalse(log.readPut(1, new PutView()));
            assertFalse(log.readPut(2, new PutView()));
        }
    }

    @Test
    void readsFollowTheRecordsACompactionMoved() throws IOException {
        try (SegmentedLog log = SegmentedLog.open(dir, config(), ForceHook.FORCE_DATA, false)) {
            for (long seq = 1; seq <= 400; seq++) {
                put(log, seq);
            }
            PutView view = new PutView();
            for (long seq = 1; seq <= 400; seq++) {
                assertReadsBack(log, view, seq);
                if (seq % 10 != 0) {
                    log.writeRemove(seq);
                }
            }
            log.commit(log.writtenPosition());
            log.compactNow();
            // A roll also wakes the compactor, which may have rewritten some of them already.
            assertTrue(log.stats().segmentsRewritten() > 0, "segments were rewritten: " + log.stats());
            for (long seq = 10; seq <= 400; seq += 10) {
                assertReadsBack(log, view, seq);
                assertReadsBack(log, new PutView(), seq);
            }
        }
    }

    @Test
    void aReopenedIndexOnlyLogHandsBackItsLiveMessagesReadFromTheFilesWithTheirCounts() throws IOException {
        try (SegmentedLog log = SegmentedLog.open(dir, config(), ForceHook.FORCE_DATA, false)) {
            for (long seq = 1; seq <= 300; seq++) {
                put(log, seq);
            }
            log.writeDelivered(7, 1);
            log.writeDelivered(7, 3);
            log.writeDelivered(8, 2);
            log.writeRemove(8);
            for (long seq = 100; seq <= 250; seq++) {
                log.writeRemove(seq);
            }
        }
        try (SegmentedLog log = SegmentedLog.open(dir, config(), ForceHook.FORCE_DATA, false)) {
            assertEquals(List.of(), log.takeRecovered().messages(), "no message is held as an object");
            List<Long> seen = new ArrayList<>();
            log.forEachLive((seq, put, deliveries) -> {
                seen.add(seq);
                byte[] got = new byte[put.bodyLength()];
                put.buffer().get(put.bodyOffset(), got);
                assertArrayEquals(body(seq), got);
                assertEquals(seq == 7 ? 3 : 0, deliveries, "count of " + seq);
            });
            List<Long> want = new ArrayList<>();
            for (long seq = 1; seq <= 300; seq++) {
                if (seq != 8 && (seq < 100 || seq > 250)) {
                    want.add(seq);
                }
            }
            assertEquals(want, seen);
            assertThrows(IllegalStateException.class, () -> log.forEachLive((seq, put, deliveries) -> { }));
        }
    }

    @Test
    void aRecordDamagedAfterItWasWrittenIsReportedNotServed() throws IOException {
        try (SegmentedLog log = SegmentedLog.open(dir, config(), ForceHook.FORCE_DATA, false)) {
            put(log, 5);
            log.commit(log.writtenPosition());
            Path segment;
            try (Stream<Path> files = Files.list(dir)) {
                segment = files.filter(p -> p.toString().endsWith(".log")).findFirst().orElseThrow();
            }
            try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.WRITE)) {
                // The last byte of the only record's body.
                channel.write(ByteBuffer.wrap(new byte[] {'#'}), RecordFormat.HEADER_BYTES
                        + RecordFormat.putRecordBytes(0, body(5).length) - 1);
            }
            IOException e = assertThrows(IOException.class, () -> log.readPut(5, new PutView()));
            assertTrue(e.getMessage().contains("checksum") && e.getMessage().contains(segment.getFileName().toString()),
                    e.getMessage());
        }
    }
}
