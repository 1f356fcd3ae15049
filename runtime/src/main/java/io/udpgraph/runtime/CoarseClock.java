package io.udpgraph.runtime;

import io.micrometer.core.instrument.Clock;
import java.util.concurrent.TimeUnit;

/**
 * The metrics registries' clock: wall time as of the last tick ({@link #TICK_MILLIS} apart), so recording into a
 * timer reads no clock. Micrometer reads the wall clock on every record, only to rotate the windows of its
 * histograms and maxima, which last minutes; a node records a wait for every message it hands out, and on a virtual
 * machine each clock read costs as much as the rest of the record. Monotonic time stays exact.
 */
public final class CoarseClock implements Clock {
    /** How stale {@link #wallTime()} may be. */
    public static final long TICK_MILLIS = 50;
    private static final CoarseClock INSTANCE = new CoarseClock();

    private volatile long wallMillis = System.currentTimeMillis();

    private CoarseClock() {
        Thread ticker = new Thread(this::tick, "udpgraph-coarse-clock");
        ticker.setDaemon(true);
        ticker.start();
    }

    /** The one clock of the process, ticking from its first use. */
    public static CoarseClock get() {
        return INSTANCE;
    }

    private void tick() {
        while (true) {
            try {
                TimeUnit.MILLISECONDS.sleep(TICK_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
            wallMillis = System.currentTimeMillis();
        }
    }

    @Override
    public long wallTime() {
        return wallMillis;
    }

    @Override
    public long monotonicTime() {
        return System.nanoTime();
    }
}
