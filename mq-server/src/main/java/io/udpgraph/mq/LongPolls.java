package io.udpgraph.mq;

import io.udpgraph.protocol.ErrorReason;
import io.udpgraph.protocol.ReplyWriter;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.channels.DatagramChannel;
import java.util.ArrayDeque;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * GETs and LEASEs that found nothing and asked to wait: each is parked with its reply address and
 * deadline, no thread per waiter. A message becoming visible serves the oldest waiter first; the
 * housekeeping thread answers a waiter whose deadline passed. Thread contract: any thread may call
 * {@link #park} and {@link #wake}; replies are built and sent under one lock.
 */
final class LongPolls {
    /** Requests parked at most; past it a request that would wait is answered at once, as if its wait ended. */
    static final int MAX_PARKED = 10_000;

    private final ReentrantLock lock = new ReentrantLock();
    private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
    private final AtomicInteger parked = new AtomicInteger();
    private final ReplyWriter out = new ReplyWriter();
    private final Delivery delivery;
    private final QueueStore store;
    private final QueueMetrics metrics;
    private final DelayQueue<Deadline> deadlines;
    private final OnceLog failures;

    LongPolls(Delivery delivery, QueueStore store, QueueMetrics metrics, DelayQueue<Deadline> deadlines,
              OnceLog failures) {
        this.delivery = delivery;
        this.store = store;
        this.metrics = metrics;
        this.deadlines = deadlines;
        this.failures = failures;
    }

    /** True when another request may be parked. */
    boolean hasRoom() {
        return parked.get() < MAX_PARKED;
    }

    /** Parks a request; it may be answered at once if a message became visible meanwhile. */
    void park(DatagramChannel channel, SocketAddress client, boolean lease, int max, long leaseNanos, boolean wrapped,
              byte[] earlierReplies, long waitNanos) {
        Waiter w = new Waiter(channel, client, lease, max, leaseNanos, wrapped, earlierReplies,
                System.nanoTime() + waitNanos);
        lock.lock();
        try {
            waiters.addLast(w);
            parked.incrementAndGet(); // before looking at the store: a PUT that misses this count was seen here
            serveLocked();
            if (!w.done) {
                deadlines.add(w);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Serves parked requests while messages are visible; cheap when none is parked. */
    void wake() {
        if (parked.get() == 0) {
            return;
        }
        lock.lock();
        try {
            serveLocked();
        } finally {
            lock.unlock();
        }
    }

    /** Requests parked now. */
    int parked() {
        return parked.get();
    }

    private void serveLocked() {
        while (!waiters.isEmpty()) {
            Waiter w = waiters.peekFirst();
            begin(w);
            int got = delivery.fill(out, w.lease, w.max, w.leaseNanos, 0);
            if (got == 0 || got == Delivery.NOT_RECORDED) {
                return; // a journal that cannot record now may at the deadline; the poll waits on
            }
            waiters.pollFirst();
            finish(w, got);
        }
    }

    private void expire(Waiter w) {
        lock.lock();
        try {
            if (w.done) {
                return;
            }
            waiters.remove(w);
            begin(w);
            int got = delivery.fill(out, w.lease, w.max, w.leaseNanos, 0);
            if (got == 0) {
                metrics.emptyGets.increment();
                out.empty();
            }
            finish(w, got);
        } finally {
            lock.unlock();
        }
    }

    private void begin(Waiter w) {
        out.reset();
        out.raw(w.earlierReplies);
        out.wrap(w.wrapped);
    }

    private void finish(Waiter w, int got) {
        parked.decrementAndGet();
        w.done = true;
        if (got == Delivery.NOT_RECORDED) {
            metrics.error(ErrorReason.INTERNAL);
            out.error(ErrorReason.INTERNAL, RequestHandler.NOT_RECORDED);
        } else if (got < 0) {
            metrics.error(ErrorReason.TOO_LARGE);
            out.error(ErrorReason.TOO_LARGE, RequestHandler.doesNotFit(-got - 1));
        } else if (got > 0) {
            store.commitQuietly(); // the removals or leases of the messages in the reply, before it goes
        }
        try {
            w.channel.send(out.flip(), w.client);
        } catch (IOException e) {
            failures.warn("long-poll-send", "cannot answer a long poll to " + w.client + ": " + e.getMessage(), null);
        }
    }

    /** One parked request. */
    private final class Waiter extends Deadline {
        final DatagramChannel channel;
        final SocketAddress client;
        final boolean lease;
        final int max;
        final long leaseNanos;
        final boolean wrapped;
        final byte[] earlierReplies;
        boolean done; // guarded by lock

        Waiter(DatagramChannel channel, SocketAddress client, boolean lease, int max, long leaseNanos,
               boolean wrapped, byte[] earlierReplies, long atNanos) {
            super(atNanos);
            this.channel = channel;
            this.client = client;
            this.lease = lease;
            this.max = max;
            this.leaseNanos = leaseNanos;
            this.wrapped = wrapped;
            this.earlierReplies = earlierReplies;
        }

        @Override
        void fire() {
            expire(this);
        }
    }
}
