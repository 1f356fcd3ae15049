package io.udpgraph.protocol;

import java.io.IOException;
import java.time.Duration;

/**
 * How long a receiving thread keeps polling its non-blocking socket before it blocks: {@code --busy-poll}. A blocked
 * thread is woken by the kernel when a datagram comes, which on a virtual machine takes tens of microseconds each
 * time (a C echo over loopback answers in about 90 µs here), and a request/reply stream pays it twice per round
 * trip. Polling for a while after each datagram keeps the thread running through the gap to the next one, so a busy
 * stream pays no wake-ups; the price is the CPU burnt while polling, so it is off by default and bounded by
 * {@link #MAX}. Like Linux's {@code SO_BUSY_POLL}, which loopback sockets cannot use.
 */
public final class BusyPoll {
    /** No polling: block at once, the default. */
    public static final BusyPoll OFF = new BusyPoll(0);
    /** The longest poll a node or client takes: past it, blocking costs less than the CPU polled away. */
    public static final Duration MAX = Duration.ofMillis(10);

    /** A non-blocking receive: the sender of what it received, or null when nothing was waiting. */
    @FunctionalInterface
    public interface Receive<T> {
        T receive() throws IOException;
    }

    private final long nanos;

    private BusyPoll(long nanos) {
        this.nanos = nanos;
    }

    /**
     * Polling for {@code d}, zero for none.
     *
     * @throws IllegalArgumentException when it is negative or over {@link #MAX}
     */
    public static BusyPoll of(Duration d) {
        if (d.isNegative() || d.compareTo(MAX) > 0) {
            throw new IllegalArgumentException("a busy poll must be 0 (off) to " + MAX.toMillis() + "ms, got "
                    + (d.isNegative() ? d.toString() : (d.toNanos() / 1_000) + "us"));
        }
        return d.isZero() ? OFF : new BusyPoll(d.toNanos());
    }

    /** How long it polls. */
    public Duration duration() {
        return Duration.ofNanos(nanos);
    }

    /** True when it polls at all. */
    public boolean enabled() {
        return nanos > 0;
    }

    /**
     * Calls {@code receive} until it returns something or the poll time is up; returns what it returned, or null
     * (block now). Off, it returns null without calling.
     */
    public <T> T poll(Receive<T> receive) throws IOException {
        if (nanos == 0) {
            return null;
        }
        long until = System.nanoTime() + nanos;
        do {
            T got = receive.receive();
            if (got != null) {
                return got;
            }
            Thread.onSpinWait();
        } while (System.nanoTime() - until < 0);
        return null;
    }

    @Override
    public String toString() {
        return nanos == 0 ? "off" : (nanos / 1_000) + "us";
    }
}
