package io.udpgraph.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class SequenceNumbersTest {

    @Test
    void runsBecomeRangesAndSinglesStayAlone() {
        assertEquals("3-7, 12, 40-41", SequenceNumbers.of(List.of(12L, 3L, 4L, 5L, 6L, 7L, 41L, 40L)).ranges());
    }

    @Test
    void repeatsCountOnce() {
        SequenceNumbers n = SequenceNumbers.of(List.of(5L, 5L, 6L));
        assertEquals(2, n.count());
        assertEquals("5-6", n.ranges());
    }

    @Test
    void theFirstHundredAreListedInOrder() {
        List<Long> all = new ArrayList<>(LongStream.range(0, 500).map(i -> 1000 - 2 * i).boxed().toList());
        SequenceNumbers n = SequenceNumbers.of(all);
        assertEquals(SequenceNumbers.FIRST, n.first().size());
        assertEquals(2L, n.first().get(0));
        assertEquals(200L, n.first().get(99));
    }

    @Test
    void tooManyRangesAreCutWithAnEllipsis() {
        SequenceNumbers n = SequenceNumbers.of(LongStream.range(0, 1000).map(i -> 3 * i).boxed().toList());
        assertTrue(n.ranges().endsWith(", …"), n.ranges());
        assertEquals(SequenceNumbers.MAX_RANGES, n.ranges().split(", ").length - 1);
    }

    @Test
    void noNumbersIsAnEmptyRangeList() {
        assertEquals("", SequenceNumbers.of(List.of()).ranges());
    }
}
