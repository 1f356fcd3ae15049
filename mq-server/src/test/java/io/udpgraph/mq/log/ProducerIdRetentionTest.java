package io.udpgraph.mq.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The log hands back the producer ids of messages that left within the id retention, compaction or not. */
class ProducerIdRetentionTest {
    private static final LogConfig CONFIG = LogConfig.defaults().fsync(FsyncPolicy.NEVER).segmentBytes(200)
            .compactionInterval(Duration.ZERO).idRetention(Duration.ofMinutes(5));
    private static final long TEN_MINUTES_MS = 600_000;

    @TempDir
    Path dir;

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> ids(RecoveredState state) {
        return state.ids().stream().map(id -> new String(id.messageId(), StandardCharsets.UTF_8)).toList();
    }

    @Test
    void idsOfRemovedMessagesInsideTheRetentionComeBackAtOpen() throws IOException {
        long now = System.currentTimeMillis();
        try (SegmentedLog log = SegmentedLog.open(dir, CONFIG)) {
            log.takeRecovered();
            log.appendPut(1, now, utf8("recent"), utf8("a"));
            log.appendPut(2, now - TEN_MINUTES_MS, utf8("too-old"), utf8("b"));
            log.appendPut(3, now, null, utf8("no id"));
            log.appendPut(4, now, utf8("live"), utf8("d"));
            log.appendRemove(1);
            log.appendRemove(2);
            log.appendRemove(3);
        }
        try (SegmentedLog log = SegmentedLog.open(dir, CONFIG)) {
            RecoveredState state = log.takeRecovered();
            assertEquals(List.of("recent", "live"), ids(state));
            assertEquals(1, state.messages().size());
            assertEquals(5, state.nextSeq());
        }
    }

    @Test
    void compactionKeepsRecentIdsOfRemovedMessagesAndForgetsOldOnes() throws IOException {
        long now = System.currentTimeMillis();
        long before;
        try (SegmentedLog log = SegmentedLog.open(dir, CONFIG)) {
            log.takeRecovered();
            log.appendPut(1, now, utf8("recent"), utf8("x".repeat(60)));
            log.appendPut(2, now - TEN_MINUTES_MS, utf8("too-old"), utf8("y".repeat(60)));
            log.appendRemove(1);
            log.appendRemove(2);
            for (long seq = 3; seq < 12; seq++) {
                log.appendPut(seq, now, null, utf8("filler " + seq));
                log.appendRemove(seq);
            }
            before = log.stats().diskBytes();
            CompactionResult result = log.compactNow();
            assertTrue(result.segmentsRewritten() + result.segmentsDeleted() > 0, result.toString());
            assertTrue(log.stats().diskBytes() < before, "compaction gave bytes back");
        }
        try (SegmentedLog log = SegmentedLog.open(dir, CONFIG)) {
            RecoveredState state = log.takeRecovered();
            assertEquals(List.of("recent"), ids(state), "the PUT is gone, its id stays while it may be repeated");
            assertEquals(List.of(), state.messages(), "an ID record makes no message live");
            assertEquals(12, state.nextSeq());
        }
    }

    @Test
    void noRetentionKeepsNoIds() throws IOException {
        LogConfig none = CONFIG.idRetention(Duration.ZERO);
        try (SegmentedLog log = SegmentedLog.open(dir, none)) {
            log.takeRecovered();
            log.appendPut(1, System.currentTimeMillis(), utf8("id"), utf8("a"));
        }
        try (SegmentedLog log = SegmentedLog.open(dir, none)) {
            assertEquals(List.of(), log.takeRecovered().ids());
        }
    }

    @Test
    void aSegmentLeftWithOnlyExpiredIdsIsDeleted() throws Exception {
        LogConfig shortRetention = CONFIG.idRetention(Duration.ofMillis(300));
        try (SegmentedLog log = SegmentedLog.open(dir, shortRetention)) {
            log.takeRecovered();
            long now = System.currentTimeMillis();
            log.appendPut(1, now, utf8("short-lived"), utf8("x".repeat(150)));
            log.appendRemove(1);
            for (long seq = 2; seq < 6; seq++) {
                log.appendPut(seq, now, null, utf8("y".repeat(100)));
                log.appendRemove(seq);
            }
            int segments = log.stats().segments();
            CompactionResult first = log.compactNow();
            assertTrue(first.segmentsRewritten() >= 1, "the PUT became an ID record: " + first);
            assertEquals(segments - first.segmentsDeleted(), log.stats().segments());
            Thread.sleep(400);
            CompactionResult second = log.compactNow();
            assertTrue(second.segmentsDeleted() >= 1, "once the id expired nothing in its segment is needed: " + second);
        }
        try (SegmentedLog log = SegmentedLog.open(dir, shortRetention)) {
            assertEquals(List.of(), log.takeRecovered().ids());
        }
    }
}
