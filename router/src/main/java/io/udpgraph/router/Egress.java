package io.udpgraph.router;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The way out of the router: datagrams held for a delay or for reordering, rate-limit queues, the bound on
 * what is held, the pool of packets that hold copies, and the sockets that send. A datagram that need not
 * wait is sent straight from the receive buffer; one that waits is copied into a pooled packet first.
 * Single-threaded: the loop thread only.
 */
final class Egress {
    private static final int POOL_MAX = 256;
    private static final int POOLED_MAX_BYTES = 8192;

    private final RouterCounters counters;
    private final DatagramChannel listen;
    private final EventLog log;
    private final Failures failures;
    private final long reorderMaxHoldNanos;
    private final int maxHeldDatagrams;
    private final long maxHeldBytes;

    private final TimerHeap timers = new TimerHeap();
    private final ArrayDeque<Packet> pool = new ArrayDeque<>();
    private final ArrayList<Packet> released = new ArrayList<>();
    private final RateLimiter[][] limiters = {new RateLimiter[0], new RateLimiter[0]};
    private long heldDatagrams;
    private long heldBytes;
    private boolean releasing;
    private long now;

    /** {@code log} may be null; {@code listen} sends the replies down to clients. */
    Egress(RouterConfig config, RouterCounters counters, DatagramChannel listen, EventLog log, Failures failures) {
        this.counters = counters;
        this.listen = listen;
        this.log = log;
        this.failures = failures;
        this.reorderMaxHoldNanos = config.reorderMaxHold().toNanos();
        this.maxHeldDatagrams = config.maxHeldDatagrams();
        this.maxHeldBytes = config.maxHeldBytes();
    }

    long heldDatagrams() {
        return heldDatagrams;
    }

    long heldBytes() {
        return heldBytes;
    }

    /**
     * Takes the rate limits of a new plan for {@code way}: queues longer than their new bound lose their
     * newest datagrams, and what a removed limit still queued goes out at once.
     */
    void use(Direction way, RateLimiter[] plan, List<RateLimiter> removed, long at) {
        now = at;
        for (RateLimiter l : plan) {
            while (l.queue.size() > l.capacity()) {
                Packet dropped = l.queue.pollLast();
                counters.inc(way, Action.RATE_LIMITED, dropped.messages);
                late(dropped, "rate-limited", l.faultId);
                free(dropped);
            }
        }
        limiters[way.ordinal()] = plan;
        for (RateLimiter gone : removed) {
            Packet q;
            while ((q = gone.queue.pollFirst()) != null) {
                transmit(q);
                free(q);
            }
        }
    }

    /** Sends {@code p} as {@code d} decided: at once, or held for a delay or behind later datagrams. */
    void send(Packet p, Decision d, long at) {
        now = at;
        if (!d.holds()) {
            throughLimiters(p, 0);
            return;
        }
        Packet held = own(p);
        if (held == null) {
            return;
        }
        if (d.delayNanos > 0) {
            held.stage = Packet.DELAYED;
            held.dueNanos = now + d.delayNanos;
            timers.add(held);
            counters.inc(p.way, Action.DELAYED, p.messages);
        } else {
            holdForReorder(held);
        }
    }

    /** Sends what is due at {@code at}: delays over, reorder holds expired, rate-limit tokens come; returns how many. */
    int runTimers(long at) {
        now = at;
        int work = 0;
        Packet p;
        while ((p = timers.pollDue(now)) != null) {
            work++;
            if (p.stage == Packet.DELAYED && p.behind > 0) {
                holdForReorder(p);
            } else {
                if (p.stage == Packet.HELD) {
                    p.session.held(p.way).remove(p);
                }
                throughLimiters(p, 0);
            }
        }
        for (RateLimiter[] lims : limiters) {
            for (int i = 0; i < lims.length; i++) {
                Packet q;
                while ((q = lims[i].pollReady(now)) != null) {
                    work++;
                    throughLimiters(q, i + 1);
                }
            }
        }
        return work;
    }

    /** When {@link #runTimers} next has work, or {@link Long#MAX_VALUE}. */
    long nextDueNanos() {
        long next = timers.nextDueNanos();
        for (RateLimiter[] lims : limiters) {
            for (RateLimiter l : lims) {
                next = Math.min(next, l.nextDueNanos());
            }
        }
        return next;
    }

    /** Throws away, counted, what {@code s} holds for reordering; its session is gone. */
    void orphan(Session s) {
        for (ArrayList<Packet> held : List.of(s.heldUp, s.heldDown)) {
            for (Packet p : held) {
                timers.remove(p);
                counters.inc(p.way, Action.ORPHANED, p.messages);
                late(p, "orphaned", 0);
                free(p);
            }
            held.clear();
        }
    }

    /** Forgets everything held, for shutdown. */
    void clear() {
        for (Packet p : timers.drain()) {
            p.clear();
        }
        for (RateLimiter[] lims : limiters) {
            for (RateLimiter l : lims) {
                l.queue.clear();
            }
        }
        heldDatagrams = 0;
        heldBytes = 0;
    }

    private void holdForReorder(Packet p) {
        p.stage = Packet.HELD;
        p.dueNanos = now + reorderMaxHoldNanos;
        timers.add(p);
        p.session.held(p.way).add(p);
        counters.inc(p.way, Action.REORDERED, p.messages);
    }

    /** Passes {@code p} through the rate limits from the {@code from}-th on, then sends it. */
    private void throughLimiters(Packet p, int from) {
        RateLimiter[] lims = limiters[p.way.ordinal()];
        for (int i = from; i < lims.length; i++) {
            RateLimiter l = lims[i];
            if (!l.matches(p.verb) || l.tryPass(p.length, now)) {
                continue;
            }
            if (l.queue.size() >= l.capacity()) {
                counters.inc(p.way, Action.RATE_LIMITED, p.messages);
                late(p, "rate-limited", l.faultId);
                free(p);
                return;
            }
            Packet q = own(p);
            if (q != null) {
                q.stage = Packet.QUEUED;
                l.queue.addLast(q);
                counters.inc(q.way, Action.RATE_QUEUED, q.messages);
            }
            return;
        }
        transmit(p);
        free(p);
    }

    private void transmit(Packet p) {
        Session s = p.session;
        if (s.closed) {
            counters.inc(p.way, Action.ORPHANED, p.messages);
            late(p, "orphaned", 0);
            return;
        }
        for (int c = 0; c < p.copies; c++) {
            ByteBuffer data = p.buffer();
            boolean sent;
            try {
                sent = p.way == Direction.UP ? s.sendUp(data, p.target) : listen.send(data, p.target) == p.length;
            } catch (IOException e) {
                sent = false;
                failures.once("send " + e.getClass().getName(), "cannot send to " + p.target + ": " + e.getMessage(), e);
            }
            counters.inc(p.way, sent ? Action.FORWARDED : Action.SEND_FAILED, p.messages);
        }
        if (p.copies > 1) {
            counters.add(p.way, Action.DUPLICATED, p.copies - 1, (long) p.messages * (p.copies - 1));
        }
        if (!releasing) {
            passHeld(s, p.way);
        }
    }

    /** Counts one datagram out towards everything held behind it in its session and direction. */
    private void passHeld(Session s, Direction way) {
        ArrayList<Packet> held = s.held(way);
        if (held.isEmpty()) {
            return;
        }
        int keep = 0;
        for (int i = 0; i < held.size(); i++) {
            Packet h = held.get(i);
            if (--h.behind <= 0) {
                released.add(h);
            } else {
                held.set(keep++, h);
            }
        }
        for (int i = held.size() - 1; i >= keep; i--) {
            held.remove(i);
        }
        if (released.isEmpty()) {
            return;
        }
        // released datagrams do not count towards each other, so one release cannot cascade
        releasing = true;
        try {
            for (Packet h : released) {
                timers.remove(h);
                throughLimiters(h, 0);
            }
        } finally {
            released.clear();
            releasing = false;
        }
    }

    /** The packet itself when it owns its bytes, else a pooled copy; null (counted) when the bound is reached. */
    private Packet own(Packet p) {
        if (!p.borrowed) {
            return p;
        }
        if (heldDatagrams >= maxHeldDatagrams || heldBytes + p.length > maxHeldBytes) {
            counters.inc(p.way, Action.OVERFLOWED, p.messages);
            late(p, "overflowed", 0);
            return null;
        }
        Packet q = pool.pollFirst();
        if (q == null) {
            q = new Packet();
        }
        q.copyOf(p);
        heldDatagrams++;
        heldBytes += q.length;
        return q;
    }

    private void free(Packet p) {
        if (p.borrowed) {
            return;
        }
        heldDatagrams--;
        heldBytes -= p.length;
        p.clear();
        if (pool.size() < POOL_MAX && p.capacity() <= POOLED_MAX_BYTES) {
            pool.addFirst(p);
        }
    }

    private void late(Packet p, String what, long faultId) {
        if (log == null) {
            return;
        }
        try {
            log.late(p, what, faultId);
        } catch (IOException e) {
            failures.failure("event log", e);
        }
    }
}
