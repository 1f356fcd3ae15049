package io.udpgraph.mq.log;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LongLongMapTest {
    @Test
    void randomPutsAndRemovesAgreeWithAHashMap() {
        Random random = new Random(11);
        LongLongMap map = new LongLongMap(4);
        Map<Long, Long> reference = new HashMap<>();
        for (int i = 0; i < 100_000; i++) {
            // A narrow key range makes long probe runs, which is where backward-shift deletion can go wrong.
            long key = random.nextInt(5000) * (random.nextBoolean() ? 1L : 1L << 32);
            if (random.nextInt(3) == 0) {
                assertEquals(reference.remove(key) != null, map.remove(key), "remove " + key);
            } else {
                long value = random.nextLong() & Long.MAX_VALUE;
                map.put(key, value);
                reference.put(key, value);
            }
            if (i % 5000 == 0) {
                assertEquals(reference.size(), map.size());
                for (Map.Entry<Long, Long> e : reference.entrySet()) {
                    assertEquals(e.getValue(), map.get(e.getKey(), -1), "get " + e.getKey());
                }
            }
        }
        Map<Long, Long> seen = new HashMap<>();
        map.forEach(seen::put);
        assertEquals(reference, seen);
    }
}
