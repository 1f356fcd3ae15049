package io.udpgraph.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The registries' clock: wall time a tick stale at most, monotonic time exact. */
class CoarseClockTest {

    @Test
    void wallTimeIsWithinATickOfTheSystemClock() {
        CoarseClock clock = CoarseClock.get();
        long before = System.currentTimeMillis();
        long coarse = clock.wallTime();
        // a slow machine may run the ticker late: allow a few ticks, not minutes
        assertTrue(coarse <= System.currentTimeMillis(), "never ahead of the system clock");
        assertTrue(before - coarse <= 10 * CoarseClock.TICK_MILLIS, (before - coarse) + " ms stale");
    }

    @Test
    void wallTimeMovesOnWithTheTicks() throws InterruptedException {
        CoarseClock clock = CoarseClock.get();
        long first = clock.wallTime();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (clock.wallTime() == first && System.nanoTime() < deadline) {
            Thread.sleep(CoarseClock.TICK_MILLIS / 2);
        }
        assertTrue(clock.wallTime() > first, "the ticker moved the wall time on");
    }

    @Test
    void monotonicTimeIsTheExactOne() {
        long before = System.nanoTime();
        long t = CoarseClock.get().monotonicTime();
        assertTrue(t >= before && t <= System.nanoTime());
    }

    @Test
    void registriesKeepTimeWithIt() {
        PrometheusMeterRegistry registry = MetricsEndpoint.newRegistry();
        assertSame(CoarseClock.get(), registry.config().clock());
        Timer timer = Timer.builder("t").publishPercentileHistogram().register(registry);
        timer.record(Duration.ofMillis(3));
        assertEquals(1, timer.count());
        assertEquals(3.0, timer.max(TimeUnit.MILLISECONDS), 1e-9);
        assertTrue(registry.scrape().contains("t_seconds_bucket"), "the histogram is published");
    }
}
