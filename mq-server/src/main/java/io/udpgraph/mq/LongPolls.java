package io.udpgraph.mq;

import io.udpgraph.protocol.ErrorReason;
import io.udpgraph.protocol.ReplyWriter;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * GETs and LEASEs that found nothing and asked to wait: each is parked with its reply address and
 * deadline, no thread per waiter. A message becoming visible serves the oldest waiter first; the
 * housekeeping thread answers a waiter whose deadline passed. A served or expired waiter leaves every structure at
 * once, and {@link WaitingRoom} bounds how many wait, from one source and in all, and the reply bytes they hold. Thread contract: any thread may call
 * {@link #park} and {@link #wake}; replies are built and sent under one lock.
 */
final class LongPolls {
    /** Requests parked at most; past it a request that would wait is answered at once, as if its wait ended. */
    static final int MAX_PARKED = 10_000;
    /** Requests parked at most from one source address, so one sender cannot take every slot. */
    static final int MAX_PARKED_PER_SOURCE = 1_000;
    /** Reply bytes (the answers to a parked datagram's earlier commands) held for parked requests at most. */
    static final long MAX_PARKED_BYTES = 16L << 20;

    private final ReentrantLock lock = new ReentrantLock();
    private final WaitingRoom<Waiter> waiters = new WaitingRoom<>(MAX_PARKED, MAX_PARKED_PER_SOURCE, MAX_PARKED_BYTES);
    private final AtomicInteger parked = new AtomicInteger();
    private final ReplyWriter out = new ReplyWriter();
    private final Delivery delivery;
    private final QueueStore store;
    private final QueueMetrics metrics;
    private final DelayQueue<Deadline> deadlines;
    private final OnceLog failures;
    private final SourceGate gate;

    LongPolls(Delivery delivery, QueueStore store, QueueMetrics metrics, DelayQueue<Deadline> deadlines,
              OnceLog failures, SourceGate gate) {
        this.gate = gate;
        this.delivery = delivery;
        this.store = store;
        this.metrics = metrics;
        this.deadlines = deadlines;
        this.failures = failures;
    }

    /**
     * Parks a request whose reply so far is {@code earlier}; it may be answered at once if a message became visible
     * meanwhile. False, and nothing parked, when the bounds leave no room for it: answer it at once instead.
     */
    boolean park(DatagramChannel channel, SocketAddress client, boolean lease, int max, long leaseNanos,
                 ReplyWriter earlier, long waitNanos) {
        InetAddress source = sourceOf(client);
        lock.lock();
        try {
            if (!waiters.admits(source, earlier.length())) {
                metrics.refused(QueueMetrics.Refusal.PARKING_FULL);
                return false;
            }
            Waiter w = new Waiter(channel, client, source, lease, max, leaseNanos, earlier.wrapping(), earlier.copy(),
                    System.nanoTime() + waitNanos);
            waiters.add(source, w, w.earlierReplies.length);
            parked.incrementAndGet(); // before looking at the store: a PUT that misses this count was seen here
            serveLocked();
            if (!w.done) {
                deadlines.add(w);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    private static InetAddress sourceOf(SocketAddress client) {
        return client instanceof InetSocketAddress at ? at.getAddress() : null;
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

    /** Source addresses with a request parked now. */
    int parkedSources() {
        lock.lock();
        try {
            return waiters.sources();
        } finally {
            lock.unlock();
        }
    }

    private void serveLocked() {
        Waiter w;
        while ((w = waiters.next()) != null) {
            begin(w);
            int got = delivery.fill(out, w.lease, w.max, w.leaseNanos, 0);
            if (got == 0 || got == Delivery.NOT_RECORDED) {
                return; // a journal that cannot record now may at the deadline; the poll waits on
            }
            waiters.remove(w.source, w);
            deadlines.remove(w); // a served waiter must not wait out its deadline holding its reply
            finish(w, got);
        }
    }

    private void expire(Waiter w) {
        lock.lock();
        try {
            if (w.done) {
                return;
            }
            waiters.remove(w.source, w);
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
        w.earlierReplies = null;
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
            gate.charge(w.client, w.channel.send(out.flip(), w.client));
        } catch (IOException e) {
            failures.warn("long-poll-send", "cannot answer a long poll to " + w.client + ": " + e.getMessage(), null);
        }
    }

    /** One parked request. */
    private final class Waiter extends Deadline {
        final DatagramChannel channel;
        final SocketAddress client;
        final InetAddress source;
        final boolean lease;
        final int max;
        final long leaseNanos;
        final boolean wrapped;
        byte[] earlierReplies; // guarded by lock; dropped once answered
        boolean done; // guarded by lock

        Waiter(DatagramChannel channel, SocketAddress client, InetAddress source, boolean lease, int max, long leaseNanos,
               boolean wrapped, byte[] earlierReplies, long atNanos) {
            super(atNanos);
            this.channel = channel;
            this.client = client;
            this.source = source;
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
