package io.udpgraph.router;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The router's one loop thread: a selector over the listen socket and every session's upstream socket,
 * plus the timers of held datagrams. Everything a datagram meets (session lookup, fault decisions, the
 * event log, held datagrams, rate limits, counters) happens on this thread, so the request path has no
 * hand-off between threads and no locks; the control API only swaps an immutable {@link FaultPlan} in.
 */
final class Engine implements Runnable {
    private static final Logger LOG = Logger.getLogger(Router.class.getName());
    /** Datagrams read from one ready socket before looking at the others, so no client starves the rest. */
    private static final int BATCH = 32;
    /** Larger than any UDP payload (65,507 over IPv4, 65,527 over IPv6), so nothing is cut. */
    private static final int BUFFER_BYTES = 65_536;
    private static final int POOL_MAX = 256;
    private static final int SESSION_BUFFER_BYTES = 512 * 1024;
    /** Timers due sooner than this are waited for by polling, because select() sleeps whole milliseconds. */
    private static final long SPIN_BELOW_NANOS = 200_000;
    private static final long MAX_SWEEP_NANOS = 1_000_000_000L;

    private static final int T_GE = 0;
    private static final int T_DROP = 1;
    private static final int T_RANDOM = 2;
    private static final int T_GARBLE = 3;
    private static final int T_DUPLICATE = 4;
    private static final int T_DELAY = 5;
    private static final int T_REORDER = 6;
    private static final byte[][] TOKENS = ascii("ge-drop", "drop", "random", "garble", "dup", "delay", "reorder");
    private static final byte[] PASS = ascii("pass")[0];
    private static final byte[] LATE = ascii("late:")[0];

    private final long seed;
    private final RouterCounters counters;
    private final DatagramChannel listen;
    private final Selector selector;
    private final InetSocketAddress[] upstreams;
    private final Balance balance;
    private final EventLog log;
    private final int maxSessions;
    private final long idleNanos;
    private final long sweepEveryNanos;
    private final long reorderMaxHoldNanos;
    private final long idleSpinNanos;
    private final int maxHeldDatagrams;
    private final long maxHeldBytes;

    private final ByteBuffer buf = ByteBuffer.allocateDirect(BUFFER_BYTES);
    private final LinkedHashMap<InetSocketAddress, Session> sessions = new LinkedHashMap<>(64, 0.75f, true);
    private final TimerHeap timers = new TimerHeap();
    private final ArrayDeque<Packet> pool = new ArrayDeque<>();
    private final ArrayList<Packet> released = new ArrayList<>();
    private final Packet current = new Packet();
    private final Decision decision = new Decision();
    private final long[] seq = new long[2];
    private final Set<String> loggedOnce = new HashSet<>();

    private volatile FaultPlan plan;
    private volatile boolean running = true;
    private FaultPlan compiledFrom;
    private final DirectionPlan[] compiled = {DirectionPlan.EMPTY, DirectionPlan.EMPTY};
    /** Per direction, the state that outlives a plan change: Gilbert–Elliott chains and rate limits by fault id. */
    private final FaultState[] state = {new FaultState(), new FaultState()};
    private long heldDatagrams;
    private long heldBytes;
    private int roundRobin;
    private boolean releasing;
    private boolean logDirty;
    private long nextSweep;
    private long now;
    private long lastWorkNanos;

    Engine(RouterConfig config, long seed, RouterCounters counters, DatagramChannel listen, Selector selector,
           InetSocketAddress[] upstreams, EventLog log, FaultPlan initial) {
        this.seed = seed;
        this.counters = counters;
        this.listen = listen;
        this.selector = selector;
        this.upstreams = upstreams;
        this.balance = config.balance();
        this.log = log;
        this.maxSessions = config.maxSessions();
        this.idleNanos = config.sessionIdle().toNanos();
        this.sweepEveryNanos = Math.max(10_000_000L, Math.min(MAX_SWEEP_NANOS, idleNanos / 4));
        this.reorderMaxHoldNanos = config.reorderMaxHold().toNanos();
        this.idleSpinNanos = config.idleSpin().toNanos();
        this.maxHeldDatagrams = config.maxHeldDatagrams();
        this.maxHeldBytes = config.maxHeldBytes();
        this.plan = initial;
        this.now = System.nanoTime();
        this.nextSweep = now + sweepEveryNanos;
    }

    /** Any thread: makes {@code p} the plan from the next datagram on. */
    void install(FaultPlan p) {
        plan = p;
        selector.wakeup();
    }

    /** Any thread: asks the loop to stop; it closes every socket it owns on its way out. */
    void stop() {
        running = false;
        selector.wakeup();
    }

    @Override
    public void run() {
        try {
            while (running) {
                try {
                    round();
                } catch (ClosedSelectorException e) {
                    break;
                } catch (IOException | RuntimeException e) {
                    failure("loop", e);
                }
            }
        } finally {
            shutdown();
        }
    }

    private void round() throws IOException {
        now = System.nanoTime();
        FaultPlan p = plan;
        if (p != compiledFrom) {
            compile(p);
        }
        int work = runTimers();
        if (now - nextSweep >= 0) {
            sweep();
            nextSweep = now + sweepEveryNanos;
        }
        long next = Math.min(Math.min(timers.nextDueNanos(), limitersNextDue()), nextSweep);
        long t = System.nanoTime();
        long wait = next - t;
        if (work > 0) {
            lastWorkNanos = t;
        }
        // right after a datagram the reply to it is likely microseconds away: poll rather than sleep
        if (wait < SPIN_BELOW_NANOS || t - lastWorkNanos < idleSpinNanos) {
            selector.selectNow(this::ready);
        } else {
            if (logDirty) {
                log.flush();
                logDirty = false;
            }
            counters.held(heldDatagrams, heldBytes);
            selector.select(this::ready, Math.max(1, (wait + 999_999) / 1_000_000));
        }
        counters.held(heldDatagrams, heldBytes);
    }

    private void ready(SelectionKey key) {
        lastWorkNanos = System.nanoTime();
        Object attachment = key.attachment();
        try {
            if (attachment instanceof Session s) {
                drainSession(s);
            } else {
                drainListen();
            }
        } catch (IOException | RuntimeException e) {
            failure(attachment instanceof Session s ? "upstream socket of " + s.client : "listen socket", e);
        }
    }

    // ---- receiving ----

    private void drainListen() throws IOException {
        for (int i = 0; i < BATCH; i++) {
            buf.clear();
            SocketAddress from = listen.receive(buf);
            if (from == null) {
                return;
            }
            // per datagram: a batch may run on while later datagrams arrive, and delays count from arrival
            now = System.nanoTime();
            InetSocketAddress client = (InetSocketAddress) from;
            Session s = sessions.get(client);
            if (s == null) {
                s = open(client);
                if (s == null) {
                    continue;
                }
            }
            s.lastActiveNanos = now;
            handle(Direction.UP, s, buf.position());
        }
    }

    private void drainSession(Session s) {
        for (int i = 0; i < BATCH && !s.closed; i++) {
            buf.clear();
            SocketAddress from;
            try {
                from = s.channel.receive(buf);
            } catch (IOException e) {
                failure("upstream socket of " + s.client, e);
                return;
            }
            if (from == null) {
                return;
            }
            now = System.nanoTime();
            if (!isUpstream(from)) {
                counters.stray();
                continue;
            }
            s.lastActiveNanos = now;
            try {
                handle(Direction.DOWN, s, buf.position());
            } catch (IOException e) {
                failure("event log", e);
            }
        }
    }

    private boolean isUpstream(SocketAddress from) {
        for (InetSocketAddress u : upstreams) {
            if (u.equals(from)) {
                return true;
            }
        }
        return false;
    }

    // ---- one datagram ----

    private void handle(Direction way, Session s, int length) throws IOException {
        FaultPlan latest = plan;
        if (latest != compiledFrom) {
            // a change made through the API applies to every datagram read after the call returned
            compile(latest);
        }
        int w = way.ordinal();
        long k = ++seq[w];
        buf.flip();
        int verb = way == Direction.UP ? VerbSniffer.sniff(buf) : s.lastVerb;
        counters.inc(way, Action.RECEIVED);
        DirectionPlan dp = compiled[w];
        Decision d = decision;
        d.reset();
        if (dp.faults.length > 0) {
            decide(dp, way, k, verb, length);
        }
        if (log != null) {
            writeLine(k, way, length, verb, d);
        }
        if (d.dropped) {
            counters.inc(way, Action.DROPPED);
            return;
        }
        if (way == Direction.UP) {
            s.lastVerb = verb;
        }
        if (d.garbles > 0) {
            for (int i = 0; i < d.garbles; i++) {
                int at = d.garblePos[i];
                buf.put(at, (byte) (buf.get(at) ^ d.garbleMask[i]));
            }
            counters.inc(way, Action.GARBLED);
        }
        Packet p = current;
        p.borrow(buf, length);
        p.session = s;
        p.way = way;
        p.target = way == Direction.UP ? upstreamFor(s) : s.client;
        p.copies = d.copies;
        p.behind = d.behind;
        p.seq = k;
        p.verb = verb;
        if (d.delayNanos > 0 || d.behind > 0) {
            Packet held = own(p);
            if (held == null) {
                return;
            }
            if (d.delayNanos > 0) {
                held.stage = Packet.DELAYED;
                held.dueNanos = now + d.delayNanos;
                timers.add(held);
                counters.inc(way, Action.DELAYED);
            } else {
                holdForReorder(held);
            }
            return;
        }
        throughLimiters(p, 0);
    }

    private InetSocketAddress upstreamFor(Session s) {
        if (s.fixedUpstream != null) {
            return s.fixedUpstream;
        }
        InetSocketAddress u = upstreams[roundRobin];
        roundRobin = roundRobin + 1 == upstreams.length ? 0 : roundRobin + 1;
        return u;
    }

    private void decide(DirectionPlan dp, Direction way, long k, int verb, int length) {
        Decision d = decision;
        int bit = 1 << verb;
        for (CompiledFault f : dp.faults) {
            if ((f.verbMask & bit) == 0 || (d.dropped && f.type != T_GE)) {
                continue;
            }
            if (f.type == T_GE) {
                boolean lost = f.chain.lose(Decisions.uniform(seed, way, k, f.id, 0),
                        Decisions.uniform(seed, way, k, f.id, 1));
                if (lost && !d.dropped) {
                    d.dropped = true;
                    d.record(T_GE, f.id, 0, 0, false);
                }
                continue;
            }
            if (Decisions.uniform(seed, way, k, f.id, 0) >= f.probability) {
                continue;
            }
            switch (f.type) {
                case T_DROP -> {
                    d.dropped = true;
                    d.record(T_DROP, f.id, 0, 0, false);
                }
                case T_RANDOM -> {
                    int which = (int) (Decisions.uniform(seed, way, k, f.id, 1) * 5);
                    switch (which) {
                        case 0 -> {
                            d.dropped = true;
                            d.record(T_DROP, f.id, 0, 0, true);
                        }
                        case 1 -> duplicate(d, f.id, 2, true);
                        case 2 -> delay(d, f.id, way, k, FaultSpec.RANDOM_DELAY.toNanos(),
                                FaultSpec.RANDOM_JITTER.toNanos(), true);
                        case 3 -> reorder(d, f.id, 1, true);
                        default -> garble(d, f.id, way, k, FaultSpec.GarbleTarget.ANY, FaultSpec.GarbleMode.BIT,
                                length, true);
                    }
                }
                case T_GARBLE -> {
                    FaultSpec.Garble g = (FaultSpec.Garble) f.spec;
                    garble(d, f.id, way, k, g.target(), g.mode(), length, false);
                }
                case T_DUPLICATE -> duplicate(d, f.id, ((FaultSpec.Duplicate) f.spec).copies(), false);
                case T_DELAY -> {
                    FaultSpec.Delay dl = (FaultSpec.Delay) f.spec;
                    delay(d, f.id, way, k, dl.delay().toNanos(), dl.jitter().toNanos(), false);
                }
                case T_REORDER -> reorder(d, f.id, ((FaultSpec.Reorder) f.spec).behind(), false);
                default -> throw new IllegalStateException("fault type " + f.type);
            }
        }
    }

    private static void duplicate(Decision d, long id, int copies, boolean random) {
        d.copies = Math.max(d.copies, copies);
        d.record(T_DUPLICATE, id, copies, 0, random);
    }

    private void delay(Decision d, long id, Direction way, long k, long base, long jitter, boolean random) {
        long ns = base;
        if (jitter > 0) {
            ns += (long) ((2 * Decisions.uniform(seed, way, k, id, 2) - 1) * jitter);
        }
        ns = Math.max(0, ns);
        d.delayNanos += ns;
        d.record(T_DELAY, id, ns, 0, random);
    }

    private static void reorder(Decision d, long id, int behind, boolean random) {
        d.behind = Math.max(d.behind, behind);
        d.record(T_REORDER, id, behind, 0, random);
    }

    private void garble(Decision d, long id, Direction way, long k, FaultSpec.GarbleTarget target,
                        FaultSpec.GarbleMode mode, int length, boolean random) {
        if (length == 0) {
            return;
        }
        int from = 0;
        int to = length;
        int header = VerbSniffer.headerLength(buf);
        if (target == FaultSpec.GarbleTarget.HEADER && header > 0) {
            to = header;
        } else if (target == FaultSpec.GarbleTarget.TEXT && header > 0 && header < length) {
            from = header;
        }
        int at = from + (int) (Decisions.uniform(seed, way, k, id, 3) * (to - from));
        double u = Decisions.uniform(seed, way, k, id, 4);
        int mask = mode == FaultSpec.GarbleMode.BIT ? 1 << (int) (u * 8) : 1 + (int) (u * 255);
        d.garble(at, mask);
        d.record(T_GARBLE, id, at, mask, random);
    }

    // ---- the way out: delay, reorder, rate limits, socket ----

    private void holdForReorder(Packet p) {
        p.stage = Packet.HELD;
        p.dueNanos = now + reorderMaxHoldNanos;
        timers.add(p);
        p.session.held(p.way).add(p);
        counters.inc(p.way, Action.REORDERED);
    }

    /** Passes {@code p} through the rate limits from the {@code from}-th on, then sends it. */
    private void throughLimiters(Packet p, int from) {
        RateLimiter[] lims = compiled[p.way.ordinal()].limiters;
        for (int i = from; i < lims.length; i++) {
            RateLimiter l = lims[i];
            if (!l.matches(p.verb) || l.tryPass(p.length, now)) {
                continue;
            }
            if (l.queue.size() >= l.capacity()) {
                counters.inc(p.way, Action.RATE_LIMITED);
                late(p, "rate-limited", l.faultId);
                free(p);
                return;
            }
            Packet q = own(p);
            if (q != null) {
                q.stage = Packet.QUEUED;
                l.queue.addLast(q);
                counters.inc(q.way, Action.RATE_QUEUED);
            }
            return;
        }
        transmit(p);
        free(p);
    }

    private void transmit(Packet p) {
        Session s = p.session;
        if (s.closed) {
            counters.inc(p.way, Action.ORPHANED);
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
                once("send " + e.getClass().getName(), "cannot send to " + p.target + ": " + e.getMessage(), e);
            }
            counters.inc(p.way, sent ? Action.FORWARDED : Action.SEND_FAILED);
        }
        if (p.copies > 1) {
            counters.add(p.way, Action.DUPLICATED, p.copies - 1);
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

    private int runTimers() {
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
        for (int w = 0; w < 2; w++) {
            RateLimiter[] lims = compiled[w].limiters;
            for (int i = 0; i < lims.length; i++) {
                RateLimiter l = lims[i];
                Packet q;
                while ((q = l.pollReady(now)) != null) {
                    work++;
                    throughLimiters(q, i + 1);
                }
            }
        }
        return work;
    }

    private long limitersNextDue() {
        long next = Long.MAX_VALUE;
        for (DirectionPlan dp : compiled) {
            for (RateLimiter l : dp.limiters) {
                next = Math.min(next, l.nextDueNanos());
            }
        }
        return next;
    }

    /** The packet itself when it owns its bytes, else a pooled copy; null (counted) when the bound is reached. */
    private Packet own(Packet p) {
        if (!p.borrowed) {
            return p;
        }
        if (heldDatagrams >= maxHeldDatagrams || heldBytes + p.length > maxHeldBytes) {
            counters.inc(p.way, Action.OVERFLOWED);
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
        if (pool.size() < POOL_MAX && p.capacity() <= 8192) {
            pool.addFirst(p);
        }
    }

    // ---- sessions ----

    private Session open(InetSocketAddress client) {
        if (sessions.size() >= maxSessions) {
            Iterator<Session> eldest = sessions.values().iterator();
            Session old = eldest.next();
            eldest.remove();
            close(old, true);
        }
        DatagramChannel ch = null;
        try {
            ch = DatagramChannel.open();
            ch.configureBlocking(false);
            // replies to a burst of one-way requests arrive faster than one loop round drains them
            ch.setOption(StandardSocketOptions.SO_RCVBUF, SESSION_BUFFER_BYTES);
            ch.bind(null);
            InetSocketAddress fixed = null;
            if (upstreams.length == 1) {
                fixed = upstreams[0];
            } else if (balance == Balance.CLIENT_HASH) {
                long h = Decisions.mix(client.getAddress().hashCode() * 31L + client.getPort());
                fixed = upstreams[(int) Math.floorMod(h, (long) upstreams.length)];
            }
            Session s = new Session(client, ch, fixed);
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
            failure("new session for " + client + " (too many open files? lower --max-sessions)", e);
            return null;
        }
    }

    private void close(Session s, boolean evicted) {
        s.closed = true;
        if (s.key != null) {
            s.key.cancel();
        }
        try {
            s.channel.close();
        } catch (IOException e) {
            failure("closing " + s, e);
        }
        for (ArrayList<Packet> held : List.of(s.heldUp, s.heldDown)) {
            for (Packet p : held) {
                timers.remove(p);
                counters.inc(p.way, Action.ORPHANED);
                late(p, "orphaned", 0);
                free(p);
            }
            held.clear();
        }
        counters.sessionClosed(evicted, sessions.size());
    }

    private void sweep() {
        Iterator<Session> it = sessions.values().iterator();
        while (it.hasNext()) {
            Session s = it.next();
            if (now - s.lastActiveNanos > idleNanos) {
                it.remove();
                close(s, false);
            }
        }
    }

    // ---- plan ----

    private void compile(FaultPlan p) {
        for (Direction way : new Direction[] {Direction.UP, Direction.DOWN}) {
            int w = way.ordinal();
            List<CompiledFault> faults = new ArrayList<>();
            List<RateLimiter> lims = new ArrayList<>();
            Map<Long, GilbertElliottState> oldChains = state[w].chains;
            Map<Long, GilbertElliottState> newChains = new HashMap<>();
            Map<Long, RateLimiter> oldLims = state[w].limiters;
            Map<Long, RateLimiter> newLims = new HashMap<>();
            for (String kind : FaultSpec.KINDS) {
                for (Fault f : p.faults()) {
                    FaultSpec spec = f.spec();
                    if (!spec.kind().equals(kind) || !spec.scope().direction().includes(way)) {
                        continue;
                    }
                    if (spec instanceof FaultSpec.Rate rate) {
                        RateLimiter l = oldLims.remove(f.id());
                        if (l == null) {
                            l = new RateLimiter(f.id(), way, rate, now);
                        } else {
                            l.configure(rate);
                        }
                        while (l.queue.size() > l.capacity()) {
                            Packet dropped = l.queue.pollLast();
                            counters.inc(way, Action.RATE_LIMITED);
                            late(dropped, "rate-limited", f.id());
                            free(dropped);
                        }
                        newLims.put(f.id(), l);
                        lims.add(l);
                        continue;
                    }
                    GilbertElliottState chain = null;
                    if (spec instanceof FaultSpec.GilbertElliott ge) {
                        chain = oldChains.get(f.id());
                        if (chain == null) {
                            chain = new GilbertElliottState(ge);
                        } else {
                            chain.configure(ge);
                        }
                        newChains.put(f.id(), chain);
                    }
                    faults.add(new CompiledFault(f.id(), spec, typeOf(kind), chain));
                }
            }
            compiled[w] = new DirectionPlan(faults.toArray(new CompiledFault[0]), lims.toArray(new RateLimiter[0]));
            state[w].chains = newChains;
            state[w].limiters = newLims;
            // a removed rate limit lets what it queued go at once
            for (RateLimiter gone : oldLims.values()) {
                Packet q;
                while ((q = gone.queue.pollFirst()) != null) {
                    transmit(q);
                    free(q);
                }
            }
        }
        compiledFrom = p;
    }

    private static int typeOf(String kind) {
        return switch (kind) {
            case "gilbert-elliott" -> T_GE;
            case "drop" -> T_DROP;
            case "random" -> T_RANDOM;
            case "garble" -> T_GARBLE;
            case "duplicate" -> T_DUPLICATE;
            case "delay" -> T_DELAY;
            case "reorder" -> T_REORDER;
            default -> throw new IllegalArgumentException("no decision for " + kind);
        };
    }

    // ---- event log ----

    private void writeLine(long k, Direction way, int length, int verb, Decision d) throws IOException {
        log.begin(k, way, length, verb);
        if (d.n == 0) {
            log.space().ascii(PASS);
        }
        for (int i = 0; i < d.n; i++) {
            log.space();
            int t = d.type[i];
            if (d.viaRandom[i]) {
                log.ascii(TOKENS[T_RANDOM]).ascii('#').number(d.fault[i]).ascii(':').ascii(TOKENS[t]);
            } else {
                log.ascii(TOKENS[t]).ascii('#').number(d.fault[i]);
            }
            switch (t) {
                case T_GARBLE -> log.ascii('@').number(d.a[i]).ascii('^').hexByte((int) d.b[i]);
                case T_DUPLICATE -> log.ascii('x').number(d.a[i]);
                case T_DELAY -> log.ascii('=').millis(d.a[i]);
                case T_REORDER -> log.ascii('=').number(d.a[i]);
                default -> {
                }
            }
        }
        log.end();
        logDirty = true;
    }

    private void late(Packet p, String what, long faultId) {
        if (log == null) {
            return;
        }
        try {
            log.begin(p.seq, p.way, p.length, p.verb).space().ascii(LATE).ascii(what.getBytes(StandardCharsets.US_ASCII));
            if (faultId > 0) {
                log.ascii('#').number(faultId);
            }
            log.end();
            logDirty = true;
        } catch (IOException e) {
            failure("event log", e);
        }
    }

    // ---- failures and shutdown ----

    private void failure(String where, Throwable e) {
        counters.error();
        once(where + " " + e.getClass().getName(), "router survived a failure in " + where + ": " + e, e);
    }

    /** Logs a warning the first time a kind of trouble happens; the counters tell how often after that. */
    private void once(String kind, String message, Throwable e) {
        if (loggedOnce.size() < 1000 && loggedOnce.add(kind)) {
            LOG.log(Level.WARNING, message + " (further ones are only counted)", e);
        }
    }

    private void shutdown() {
        for (Session s : sessions.values()) {
            s.closed = true;
            try {
                s.channel.close();
            } catch (IOException e) {
                LOG.log(Level.FINE, "closing " + s, e);
            }
        }
        sessions.clear();
        counters.sessionsActive(0);
        for (Packet p : timers.drain()) {
            p.clear();
        }
        for (FaultState st : state) {
            for (RateLimiter l : st.limiters.values()) {
                l.queue.clear();
            }
        }
        heldDatagrams = 0;
        heldBytes = 0;
        counters.held(0, 0);
        try {
            listen.close();
        } catch (IOException e) {
            LOG.log(Level.FINE, "closing the listen socket", e);
        }
        try {
            selector.close();
        } catch (IOException e) {
            LOG.log(Level.FINE, "closing the selector", e);
        }
        if (log != null) {
            try {
                log.close();
            } catch (IOException e) {
                LOG.log(Level.WARNING, "could not finish the event log: " + e.getMessage(), e);
            }
        }
    }

    private static byte[][] ascii(String... words) {
        byte[][] out = new byte[words.length][];
        for (int i = 0; i < words.length; i++) {
            out[i] = words[i].getBytes(StandardCharsets.US_ASCII);
        }
        return out;
    }

    private static final class FaultState {
        Map<Long, GilbertElliottState> chains = new HashMap<>();
        Map<Long, RateLimiter> limiters = new HashMap<>();
    }

    /** The immutable set of faults the loop applies; the control API replaces it whole. */
    record FaultPlan(long version, List<Fault> faults) {
        FaultPlan {
            faults = List.copyOf(faults);
        }
    }

    /** One direction's faults in the order they apply, and its rate limits. */
    private record DirectionPlan(CompiledFault[] faults, RateLimiter[] limiters) {
        static final DirectionPlan EMPTY = new DirectionPlan(new CompiledFault[0], new RateLimiter[0]);
    }

    private static final class CompiledFault {
        final long id;
        final FaultSpec spec;
        final int type;
        final int verbMask;
        final double probability;
        final GilbertElliottState chain;

        CompiledFault(long id, FaultSpec spec, int type, GilbertElliottState chain) {
            this.id = id;
            this.spec = spec;
            this.type = type;
            this.verbMask = spec.scope().verbMask();
            this.chain = chain;
            this.probability = switch (type) {
                case T_DROP -> ((FaultSpec.Drop) spec).probability();
                case T_RANDOM -> ((FaultSpec.RandomFault) spec).probability();
                case T_GARBLE -> ((FaultSpec.Garble) spec).probability();
                case T_DUPLICATE -> ((FaultSpec.Duplicate) spec).probability();
                case T_DELAY -> ((FaultSpec.Delay) spec).probability();
                case T_REORDER -> ((FaultSpec.Reorder) spec).probability();
                default -> 1.0;
            };
        }
    }

    /** What the faults decided for the current datagram; reused, so deciding allocates nothing. */
    private static final class Decision {
        boolean dropped;
        int copies;
        long delayNanos;
        int behind;
        int garbles;
        int[] garblePos = new int[4];
        int[] garbleMask = new int[4];
        int n;
        int[] type = new int[8];
        long[] fault = new long[8];
        long[] a = new long[8];
        long[] b = new long[8];
        boolean[] viaRandom = new boolean[8];

        void reset() {
            dropped = false;
            copies = 1;
            delayNanos = 0;
            behind = 0;
            garbles = 0;
            n = 0;
        }

        void garble(int at, int mask) {
            if (garbles == garblePos.length) {
                garblePos = Arrays.copyOf(garblePos, garbles * 2);
                garbleMask = Arrays.copyOf(garbleMask, garbles * 2);
            }
            garblePos[garbles] = at;
            garbleMask[garbles] = mask;
            garbles++;
        }

        void record(int t, long id, long va, long vb, boolean random) {
            if (n == type.length) {
                int size = n * 2;
                type = Arrays.copyOf(type, size);
                fault = Arrays.copyOf(fault, size);
                a = Arrays.copyOf(a, size);
                b = Arrays.copyOf(b, size);
                viaRandom = Arrays.copyOf(viaRandom, size);
            }
            type[n] = t;
            fault[n] = id;
            a[n] = va;
            b[n] = vb;
            viaRandom[n] = random;
            n++;
        }
    }
}
