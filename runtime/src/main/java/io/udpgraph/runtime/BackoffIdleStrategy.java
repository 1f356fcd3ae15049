package io.udpgraph.runtime;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * Spins a few rounds, yields a few, then parks for a delay that doubles up to a cap: an idle loop costs
 * next to no CPU, a busy one never sleeps. Not thread-safe: one per loop.
 */
public final class BackoffIdleStrategy implements IdleStrategy {
    /** Rounds spent spinning before yielding. */
    public static final int DEFAULT_SPINS = 10;
    /** Rounds spent yielding before parking. */
    public static final int DEFAULT_YIELDS = 5;
    /** First park. */
    public static final Duration DEFAULT_MIN_PARK = Duration.ofNanos(50_000);
    /** Longest park. */
    public static final Duration DEFAULT_MAX_PARK = Duration.ofMillis(50);

    private final int spins;
    private final int yields;
    private final long minParkNs;
    private final long maxParkNs;
    private int idleRounds;
    private long parkNs;

    /** Defaults: 10 spins, 5 yields, then parks from 50 µs doubling to 50 ms. */
    public BackoffIdleStrategy() {
        this(DEFAULT_SPINS, DEFAULT_YIELDS, DEFAULT_MIN_PARK, DEFAULT_MAX_PARK);
    }

    public BackoffIdleStrategy(int spins, int yields, Duration minPark, Duration maxPark) {
        if (spins < 0 || yields < 0 || minPark.isNegative() || maxPark.compareTo(minPark) < 0) {
            throw new IllegalArgumentException("need spins, yields >= 0 and 0 <= minPark <= maxPark");
        }
        this.spins = spins;
        this.yields = yields;
        this.minParkNs = Math.max(1, minPark.toNanos());
        this.maxParkNs = Math.max(1, maxPark.toNanos());
        this.parkNs = minParkNs;
    }

    @Override
    public void idle(int workCount) {
        if (workCount > 0) {
            reset();
            return;
        }
        idleRounds++;
        if (idleRounds <= spins) {
            Thread.onSpinWait();
        } else if (idleRounds <= spins + yields) {
            Thread.yield();
        } else {
            LockSupport.parkNanos(parkNs);
            parkNs = Math.min(maxParkNs, parkNs * 2);
        }
    }

    @Override
    public void reset() {
        idleRounds = 0;
        parkNs = minParkNs;
    }

    /** The park the next idle round would take once past spinning and yielding, in nanoseconds. */
    public long nextParkNanos() {
        return parkNs;
    }
}
