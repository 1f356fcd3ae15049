package io.udpgraph.topology;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PacerTest {

    @Test
    void aRateSpacesTheSendsAtLeastOneIntervalApart() throws InterruptedException {
        Pacer pacer = new Pacer(1000);
        long start = System.nanoTime();
        for (int i = 0; i < 51; i++) {
            pacer.awaitNext();
        }
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        assertTrue(pacer.paced());
        assertTrue(elapsedMs >= 49, "51 sends at 1000/s span at least 50 intervals of 1 ms, took " + elapsedMs + " ms");
    }

    @Test
    void noRateIsNotPaced() {
        assertFalse(new Pacer(0).paced());
    }
}
