package io.udpgraph.router;

import java.util.ArrayDeque;

/**
 * A token bucket with a bounded FIFO queue for one rate fault in one direction. A datagram passes at once
 * when nothing waits and a token is there; otherwise it waits in the queue, and when the queue is full it
 * is dropped. The bucket holds 10 ms worth of tokens, so bursts stay short. Byte rates let a datagram
 * pass while the bucket is positive and run it into debt, so datagrams larger than the bucket still pass
 * and the long-run rate holds. Single-threaded: the loop thread only.
 */
final class RateLimiter {
    private static final double BURST_SECONDS = 0.01;

    final long faultId;
    final Direction way;
    private FaultSpec.Rate spec;
    private int verbMask;
    private double burst;
    private double tokens;
    private long lastNanos;
    final ArrayDeque<Packet> queue = new ArrayDeque<>();

    RateLimiter(long faultId, Direction way, FaultSpec.Rate spec, long now) {
        this.faultId = faultId;
        this.way = way;
        this.lastNanos = now;
        configure(spec);
        this.tokens = burst;
    }

    /** Takes new parameters; tokens and queue carry over. */
    void configure(FaultSpec.Rate s) {
        this.spec = s;
        this.verbMask = s.scope().verbMask();
        this.burst = Math.max(1.0, s.perSecond() * BURST_SECONDS);
        this.tokens = Math.min(tokens, burst);
    }

    FaultSpec.Rate spec() {
        return spec;
    }

    int capacity() {
        return spec.queueDatagrams();
    }

    boolean matches(int verb) {
        return (verbMask & (1 << verb)) != 0;
    }

    private void refill(long now) {
        long elapsed = now - lastNanos;
        if (elapsed > 0) {
            tokens = Math.min(burst, tokens + elapsed * 1e-9 * spec.perSecond());
            lastNanos = now;
        }
    }

    private boolean canPay() {
        return spec.bytes() ? tokens > 0 : tokens >= 1.0;
    }

    private void pay(int size) {
        tokens -= spec.bytes() ? size : 1.0;
    }

    /** True, and pays, when a datagram of {@code size} bytes may go now (and nothing is queued before it). */
    boolean tryPass(int size, long now) {
        if (!queue.isEmpty()) {
            return false;
        }
        refill(now);
        if (canPay()) {
            pay(size);
            return true;
        }
        return false;
    }

    /** The head of the queue, removed and paid for, if it may go at {@code now}; else null. */
    Packet pollReady(long now) {
        Packet head = queue.peekFirst();
        if (head == null) {
            return null;
        }
        refill(now);
        if (!canPay()) {
            return null;
        }
        pay(head.length);
        return queue.pollFirst();
    }

    /** When the head of the queue may go, or {@link Long#MAX_VALUE} when nothing waits. */
    long nextDueNanos() {
        if (queue.isEmpty()) {
            return Long.MAX_VALUE;
        }
        double missing = spec.bytes() ? Math.max(0, -tokens) + 1e-3 : Math.max(0, 1.0 - tokens);
        return lastNanos + (long) Math.ceil(missing / spec.perSecond() * 1e9);
    }
}
