package io.udpgraph.mq.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LiveIndexTest {

    @Test
    void aLiveNumberGivesBackItsSegmentOffsetAndLength() {
        LiveIndex index = new LiveIndex();
        index.put(7, 3, 1_000, 126);
        index.put(8, 4, 24, 130);
        long e = index.entry(7);
        assertEquals(1_000, LiveIndex.offsetOf(e));
        assertEquals(126, LiveIndex.recordBytesOf(e));
        assertEquals(3, index.segment(7));
        assertEquals(4, index.segment(8));
        assertEquals(LiveIndex.MISSING, index.entry(9));
        assertEquals(-1, index.segment(9));
    }

    @Test
    void offsetsUpToTheLargestSegmentSurvive() {
        LiveIndex index = new LiveIndex();
        long offset = LogConfig.MAX_SEGMENT_BYTES - 200;
        index.put(1, 1, offset, 150);
        assertEquals(offset, LiveIndex.offsetOf(index.entry(1)));
        assertEquals(150, LiveIndex.recordBytesOf(index.entry(1)));
    }

    @Test
    void aRemovedNumberIsNoLongerLive() {
        LiveIndex index = new LiveIndex();
        index.put(1, 1, 24, 126);
        assertTrue(index.remove(1));
        assertFalse(index.contains(1));
        assertFalse(index.remove(1));
        assertEquals(0, index.size());
    }

    @Test
    void oneMessageLeasedForeverDoesNotMakeTheIndexGrowWithTheTrafficBehindIt() {
        LiveIndex index = new LiveIndex();
        index.put(0, 1, 24, 126);
        long footprint = 0;
        for (long seq = 1; seq <= 2_000_000; seq++) {
            index.put(seq, 1 + (int) (seq / 100_000), 24 + seq * 126 % 60_000_000, 126);
            if (seq > 10) {
                index.remove(seq - 10);
            }
            if (seq == 100_000) {
                footprint = index.footprintBytes();
            }
        }
        assertTrue(index.contains(0), "the straggler stays live");
        assertEquals(1, index.segment(0));
        assertEquals(11, index.size());
        assertTrue(index.footprintBytes() <= footprint, index.footprintBytes() + " > " + footprint);
        assertTrue(index.footprintBytes() < 200_000, "footprint " + index.footprintBytes());
    }

    @Test
    void theIndexCostsEightBytesANumberAndGivesItsBlocksBackWhenDrained() {
        LiveIndex index = new LiveIndex();
        long empty = index.footprintBytes();
        for (long seq = 1; seq <= 1_000_000; seq++) {
            index.put(seq, (int) (seq / 500_000), seq * 126, 126);
        }
        long full = index.footprintBytes() - empty;
        assertTrue(full >= 8_000_000 && full < 8_200_000, "1,000,000 numbers take " + full + " bytes");
        for (long seq = 1; seq <= 1_000_000; seq++) {
            assertTrue(index.remove(seq));
        }
        assertTrue(index.footprintBytes() < empty + 100_000, "drained: " + index.footprintBytes());
        index.put(2_000_000, 3, 24, 126);
        assertEquals(3, index.segment(2_000_000));
    }

    @Test
    void aCompactionMovesARecordWithinItsSegment() {
        LiveIndex index = new LiveIndex();
        index.put(5, 2, 9_000, 126);
        index.put(3, 1, 500, 126);
        index.relocate(5, 24);
        index.relocate(3, 48);
        assertEquals(24, LiveIndex.offsetOf(index.entry(5)));
        assertEquals(48, LiveIndex.offsetOf(index.entry(3)));
        assertEquals(2, index.segment(5));
        assertEquals(1, index.segment(3));
    }

    @Test
    void aNumberFarPastTheOthersStartsTheRingAfreshAndKeepsThemAll() {
        LiveIndex index = new LiveIndex();
        index.put(1, 1, 24, 126);
        index.put(2, 1, 150, 126);
        index.put(1L << 40, 9, 24, 126);
        assertEquals(3, index.size());
        assertEquals(150, LiveIndex.offsetOf(index.entry(2)));
        assertEquals(9, index.segment(1L << 40));
        assertTrue(index.footprintBytes() < 100_000);
    }

    @Test
    void everySequenceOfOperationsAgreesWithAPlainMap() {
        for (long seed = 1; seed <= 3; seed++) {
            Random random = new Random(seed);
            LiveIndex index = new LiveIndex();
            Map<Long, long[]> model = new HashMap<>();
            long next = 1;
            for (int op = 0; op < 200_000; op++) {
                int kind = random.nextInt(10);
                if (kind < 5) {
                    long seq = random.nextInt(50) == 0 ? Math.max(1, next - 1 - random.nextInt(5_000)) : next++;
                    if (random.nextInt(1_000) == 0) {
                        seq = next += 100_000;
                    }
                    if (!model.containsKey(seq)) {
                        int segment = (int) (seq / 3_000) + random.nextInt(2);
                        long offset = random.nextInt(1 << 30);
                        int bytes = 30 + random.nextInt(200);
                        index.put(seq, segment, offset, bytes);
                        model.put(seq, new long[] {segment, offset, bytes});
                    }
                } else if (kind < 9) {
                    long seq = Math.max(1, next - 1 - random.nextInt(random.nextBoolean() ? 50 : 20_000));
                    assertEquals(model.remove(seq) != null, index.remove(seq), "remove " + seq);
                } else {
                    long seq = Math.max(1, next - 1 - random.nextInt(30_000));
                    long[] want = model.get(seq);
                    if (want != null) {
                        long offset = random.nextInt(1 << 20);
                        index.relocate(seq, offset);
                        want[1] = offset;
                    }
                }
            }
            assertEquals(model.size(), index.size());
            for (Map.Entry<Long, long[]> m : model.entrySet()) {
                long e = index.entry(m.getKey());
                assertEquals(m.getValue()[0], index.segment(m.getKey()), "segment of " + m.getKey());
                assertEquals(m.getValue()[1], LiveIndex.offsetOf(e), "offset of " + m.getKey());
                assertEquals(m.getValue()[2], LiveIndex.recordBytesOf(e), "bytes of " + m.getKey());
            }
            for (long seq = 1; seq < next; seq += 7) {
                assertEquals(model.containsKey(seq), index.contains(seq), "contains " + seq);
            }
        }
    }
}
