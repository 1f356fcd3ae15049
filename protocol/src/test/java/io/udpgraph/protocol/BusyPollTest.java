package io.udpgraph.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** How long a receiving thread polls before it blocks, without sockets. */
class BusyPollTest {

    @Test
    void offCallsNothingAndSaysBlock() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        assertNull(BusyPoll.OFF.poll(() -> {
            calls.incrementAndGet();
            return "datagram";
        }));
        assertEquals(0, calls.get());
        assertFalse(BusyPoll.OFF.enabled());
    }

    @Test
    void zeroIsOff() {
        assertSame(BusyPoll.OFF, BusyPoll.of(Duration.ZERO));
        assertEquals("off", BusyPoll.OFF.toString());
    }

    @Test
    void aPollReturnsTheFirstThingReceived() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        String got = BusyPoll.of(BusyPoll.MAX).poll(() -> calls.incrementAndGet() == 3 ? "third" : null);
        assertEquals("third", got);
        assertEquals(3, calls.get(), "no call after something came");
    }

    @Test
    void aPollWithNothingToReceiveGivesUpWhenItsTimeIsUp() throws Exception {
        BusyPoll poll = BusyPoll.of(Duration.ofMillis(2));
        AtomicInteger calls = new AtomicInteger();
        long started = System.nanoTime();
        assertNull(poll.poll(() -> {
            calls.incrementAndGet();
            return null;
        }));
        assertTrue(System.nanoTime() - started >= Duration.ofMillis(2).toNanos(), "polled its whole time");
        assertTrue(calls.get() > 1, "polled again and again, " + calls.get() + " times");
    }

    @Test
    void aPollIsBoundedAndNeverNegative() {
        assertEquals(BusyPoll.MAX, BusyPoll.of(BusyPoll.MAX).duration());
        IllegalArgumentException tooLong = assertThrows(IllegalArgumentException.class,
                () -> BusyPoll.of(BusyPoll.MAX.plusNanos(1)));
        assertTrue(tooLong.getMessage().contains("0 (off) to 10ms"), tooLong.getMessage());
        assertThrows(IllegalArgumentException.class, () -> BusyPoll.of(Duration.ofNanos(-1)));
    }

    @Test
    void aPollIsNamedInMicroseconds() {
        assertEquals("500us", BusyPoll.of(Duration.ofNanos(500_000)).toString());
    }
}
