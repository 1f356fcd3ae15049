package io.udpgraph.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** An expectation compares a measured value with its threshold and shows it the way the file wrote it. */
class ExpectationTest {

    @Test
    void aPercentageIsTakenOfTheExpectedResultsAndShownAsOne() {
        Expectation e = Expectation.parse("delivered", ">= 20%");
        assertTrue(e.holds(239, 500));
        assertFalse(e.holds(99, 500));
        assertEquals("239 (47.80 %)", e.show(239, 500));
    }

    @Test
    void aResultIsShownAsMatchOrNomatch() {
        Expectation e = Expectation.parse("result", "nomatch");
        assertTrue(e.holds(0, 500));
        assertEquals("nomatch", e.show(0, 500));
        assertEquals("match", e.show(1, 500));
    }

    @Test
    void aLatencyIsShownInMilliseconds() {
        Expectation e = Expectation.parse("p99_ms", "< 50");
        assertTrue(e.holds(12.5, 10));
        assertEquals("12.50 ms", e.show(12.5, 10));
    }

    @Test
    void aPlainNumberMeansEqual() {
        Expectation e = Expectation.parse("lost", "0");
        assertTrue(e.holds(0, 10));
        assertFalse(e.holds(1, 10));
        assertEquals("1", e.show(1, 10));
    }
}
