package io.udpgraph.topology;

/**
 * Spaces a source's sends at its {@code rate:} (messages per second; 0 sends as fast as it can). Keeps its
 * schedule from the first send, so a late send is followed by quicker ones rather than drifting. One per thread.
 */
final class Pacer {
    private final long intervalNanos;
    private long next = System.nanoTime();

    Pacer(double ratePerSecond) {
        this.intervalNanos = ratePerSecond > 0 ? (long) (1e9 / ratePerSecond) : 0;
    }

    /** Whether sends are spaced at all (a rate was given). */
    boolean paced() {
        return intervalNanos > 0;
    }

    /** Sleeps until the next send is due. */
    void awaitNext() throws InterruptedException {
        if (intervalNanos == 0) {
            return;
        }
        long wait = next - System.nanoTime();
        if (wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
        next += intervalNanos;
    }
}
