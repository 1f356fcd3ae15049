package io.udpgraph.router;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.function.Consumer;
import java.util.logging.Level;

/**
 * The router's clients, each with its own upstream socket, bounded by {@code --max-sessions}: a new client
 * beyond the bound evicts the least recently active one that awaits no reply (or is refused when every
 * candidate does, so no reply on its way is lost), and a client idle for longer than
 * {@code --session-idle} is closed by a periodic sweep. Also picks each request's upstream. Single-threaded:
 * the loop thread only.
 */
final class SessionTable {
    private static final int SESSION_BUFFER_BYTES = 512 * 1024;
    private static final long MIN_SWEEP_NANOS = 10_000_000L;
    private static final long MAX_SWEEP_NANOS = 1_000_000_000L;
    /** Sessions looked at, least recently active first, for one that may be evicted. */
    static final int EVICTION_SCAN = 256;
    /** A request unanswered for longer than this has lost its reply; its session may be evicted. */
    static final long REPLY_GRACE_NANOS = 2_000_000_000L;

    private final InetSocketAddress[] upstreams;
    private final Balance balance;
    private final Selector selector;
    private final RouterCounters counters;
    private final Failures failures;
    /** Called for a session as it closes, to throw away what it held. */
    private final Consumer<Session> onClose;
    private final int maxSessions;
    private final long idleNanos;
    private final long sweepEveryNanos;
    /** In access order, so the first one is the least recently active. */
    private final LinkedHashMap<InetSocketAddress, Session> sessions = new LinkedHashMap<>(64, 0.75f, true);
    private long nextSweep;
    private int roundRobin;

    SessionTable(RouterConfig config, InetSocketAddress[] upstreams, Selector selector, RouterCounters counters,
                 Failures failures, Consumer<Session> onClose, long now) {
        this.upstreams = upstreams;
        this.balance = config.balance();
        this.selector = selector;
        this.counters = counters;
        this.failures = failures;
        this.onClose = onClose;
        this.maxSessions = config.maxSessions();
        this.idleNanos = config.sessionIdle().toNanos();
        this.sweepEveryNanos = Math.max(MIN_SWEEP_NANOS, Math.min(MAX_SWEEP_NANOS, idleNanos / 4));
        this.nextSweep = now + sweepEveryNanos;
    }

    /** The session of {@code client}, opened now if it has none; null (counted) when its socket cannot open. */
    Session of(InetSocketAddress client, long now) {
        Session s = sessions.get(client);
        return s != null ? s : open(client, now);
    }

    /** True when {@code from} is one of the upstreams, so a reply from it may go down. */
    boolean isUpstream(SocketAddress from) {
        for (InetSocketAddress u : upstreams) {
            if (u.equals(from)) {
                return true;
            }
        }
        return false;
    }

    /** Where the next request of {@code s} goes: its own upstream, or the next one round the ring. */
    InetSocketAddress upstreamFor(Session s) {
        if (s.fixedUpstream != null) {
            return s.fixedUpstream;
        }
        InetSocketAddress u = upstreams[roundRobin];
        roundRobin = roundRobin + 1 == upstreams.length ? 0 : roundRobin + 1;
        return u;
    }

    /** When {@link #sweep} is next due. */
    long nextSweepNanos() {
        return nextSweep;
    }

    /** Closes the sessions idle for longer than the idle time, if a sweep is due at {@code now}. */
    void sweep(long now) {
        if (now - nextSweep < 0) {
            return;
        }
        Iterator<Session> it = sessions.values().iterator();
        while (it.hasNext()) {
            Session s = it.next();
            if (now - s.lastActiveNanos > idleNanos) {
                it.remove();
                close(s, false);
            }
        }
        nextSweep = now + sweepEveryNanos;
    }

    /** Closes every session's socket, for shutdown; what they held is the caller's to clear. */
    void closeAll() {
        for (Session s : sessions.values()) {
            s.closed = true;
            try {
                s.channel.close();
            } catch (IOException e) {
                Failures.LOG.log(Level.FINE, "closing " + s, e);
            }
        }
        sessions.clear();
        counters.sessionsActive(0);
    }

    private Session open(InetSocketAddress client, long now) {
        if (sessions.size() >= maxSessions && !evictOne(now)) {
            counters.refuseSessionsFull();
            return null;
        }
        DatagramChannel ch = null;
        try {
            ch = DatagramChannel.open();
            ch.configureBlocking(false);
            // replies to a burst of one-way requests arrive faster than one loop round drains them
            ch.setOption(StandardSocketOptions.SO_RCVBUF, SESSION_BUFFER_BYTES);
            ch.bind(null);
            Session s = new Session(client, ch, fixedUpstream(client));
            s.key = ch.register(selector, SelectionKey.OP_READ, s);
            s.lastActiveNanos = now;
            sessions.put(client, s);
            counters.sessionOpened(sessions.size());
            return s;
        } catch (IOException | RuntimeException e) {
            if (ch != null) {
                try {
                    ch.close();
                } catch (IOException ignored) {
                    // the open failed already; that is what we report
                }
            }
            failures.failure("new session for " + client + " (too many open files? lower --max-sessions)", e);
            return null;
        }
    }

    /**
     * Closes the least recently active session that awaits no reply, looking at the {@link #EVICTION_SCAN} least
     * recent; false when each of them has a reply on its way, which eviction would lose (a GET's message the node
     * already removed), so the new client is refused instead and tries again.
     */
    private boolean evictOne(long now) {
        Iterator<Session> it = sessions.values().iterator();
        for (int i = 0; i < EVICTION_SCAN && it.hasNext(); i++) {
            Session s = it.next();
            if (s.awaitingSinceNanos < 0 || now - s.awaitingSinceNanos > REPLY_GRACE_NANOS) {
                it.remove();
                close(s, true);
                return true;
            }
        }
        return false;
    }

    private InetSocketAddress fixedUpstream(InetSocketAddress client) {
        if (upstreams.length == 1) {
            return upstreams[0];
        }
        if (balance == Balance.CLIENT_HASH) {
            long h = Decisions.mix(client.getAddress().hashCode() * 31L + client.getPort());
            return upstreams[(int) Math.floorMod(h, (long) upstreams.length)];
        }
        return null;
    }

    private void close(Session s, boolean evicted) {
        s.closed = true;
        if (s.key != null) {
            s.key.cancel();
        }
        try {
            s.channel.close();
        } catch (IOException e) {
            failures.failure("closing " + s, e);
        }
        onClose.accept(s);
        counters.sessionClosed(evicted, sessions.size());
    }
}
