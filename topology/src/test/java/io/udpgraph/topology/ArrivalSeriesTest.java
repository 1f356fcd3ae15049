package io.udpgraph.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class ArrivalSeriesTest {

    @Test
    void aRunUnderASecondGetsTenMillisecondBuckets() {
        assertEquals(10, ArrivalSeries.widthMillis(0.4));
    }

    @Test
    void longerRunsGetRoundWiderBuckets() {
        assertEquals(50, ArrivalSeries.widthMillis(4.2));
        assertEquals(1_000, ArrivalSeries.widthMillis(95));
    }

    @Test
    void bucketsCountResultsAndGiveRatesAndLatencyPerBucket() {
        ArrivalSeries s = new ArrivalSeries();
        s.add(5_000_000, 1_000);   // 5 ms, 1 ms
        s.add(7_000_000, 3_000);   // 7 ms, 3 ms
        s.add(25_000_000, 2_000);  // 25 ms, 2 ms
        List<Report.Bucket> b = s.buckets(0.03);
        assertEquals(3, b.size());
        assertEquals(2, b.get(0).results());
        assertEquals(200.0, b.get(0).perSecond(), 1e-9);
        assertEquals(1.0, b.get(0).p50Ms(), 1e-9);
        assertEquals(3.0, b.get(0).p99Ms(), 1e-9);
        assertEquals(0, b.get(1).results(), "an empty bucket stays, so the line drops to 0");
        assertEquals(0.02, b.get(2).startSeconds(), 1e-9);
    }
}
