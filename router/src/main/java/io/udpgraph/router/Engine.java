package io.udpgraph.router;

import io.udpgraph.protocol.FrameCursor;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;

/**
 * The router's one loop thread: a selector over the listen socket and every session's upstream socket,
 * plus the timers of held datagrams. Everything a datagram meets (its {@link SessionTable session}, the
 * {@link FaultDecider decision}, the {@link EventLog event log}, the {@link Egress way out} with its held
 * datagrams, rate limits and counters) happens on this thread, so the request path has no hand-off between
 * threads and no locks; the control API only swaps an immutable {@link FaultPlan} in.
 */
final class Engine implements Runnable {
    /** Datagrams read from one ready socket before looking at the others, so no client starves the rest. */
    private static final int BATCH = 32;
    /** Larger than any UDP payload (65,507 over IPv4, 65,527 over IPv6), so nothing is cut. */
    private static final int BUFFER_BYTES = 65_536;
    /** Timers due sooner than this are waited for by polling, because select() sleeps whole milliseconds. */
    private static final long SPIN_BELOW_NANOS = 200_000;

    private final RouterCounters counters;
    private final DatagramChannel listen;
    private final Selector selector;
    private final EventLog log;
    private final long idleSpinNanos;
    private final Failures failures;
    private final FaultDecider decider;
    private final PlanCompiler compiler = new PlanCompiler();
    private final SessionTable sessions;
    private final Egress egress;

    private final ByteBuffer buf = ByteBuffer.allocateDirect(BUFFER_BYTES);
    private final io.udpgraph.runtime.Allowlist allow;
    private final Packet current = new Packet();
    private final FrameCursor frames = new FrameCursor();
    private final List<RateLimiter> removed = new ArrayList<>();

    private volatile FaultPlan plan;
    /** Lines for the event log from other threads ({@link #note}), written by the loop between datagrams. */
    private final java.util.concurrent.ConcurrentLinkedQueue<String> notes = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private volatile boolean running = true;
    private FaultPlan compiledFrom;
    private long now;
    private long lastWorkNanos;

    Engine(RouterConfig config, long seed, RouterCounters counters, DatagramChannel listen, Selector selector,
           InetSocketAddress[] upstreams, EventLog log, FaultPlan initial) {
        this.counters = counters;
        this.allow = config.allow();
        this.listen = listen;
        this.selector = selector;
        this.log = log;
        this.idleSpinNanos = config.idleSpin().toNanos();
        this.failures = new Failures(counters);
        this.decider = new FaultDecider(seed);
        this.egress = new Egress(config, counters, listen, log, failures);
        this.plan = initial;
        this.now = System.nanoTime();
        this.sessions = new SessionTable(config, upstreams, selector, counters, failures, egress::orphan, now);
    }

    /** Any thread: makes {@code p} the plan from the next datagram on. */
    void install(FaultPlan p) {
        plan = p;
        selector.wakeup();
    }

    /** Any thread: has the loop write {@code text} into the event log as a {@code # text} line; nothing without one. */
    void note(String text) {
        if (log != null) {
            notes.add(text);
            selector.wakeup();
        }
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
                    failures.failure("loop", e);
                }
            }
        } finally {
            shutdown();
        }
    }

    private void round() throws IOException {
        now = System.nanoTime();
        compileIfChanged();
        for (String text = notes.poll(); text != null; text = notes.poll()) {
            log.note(text);
        }
        int work = egress.runTimers(now);
        sessions.sweep(now);
        long next = Math.min(egress.nextDueNanos(), sessions.nextSweepNanos());
        long t = System.nanoTime();
        long wait = next - t;
        if (work > 0) {
            lastWorkNanos = t;
        }
        // right after a datagram the reply to it is likely microseconds away: poll rather than sleep
        if (wait < SPIN_BELOW_NANOS || t - lastWorkNanos < idleSpinNanos) {
            selector.selectNow(this::ready);
        } else {
            if (log != null) {
                log.flushIfDirty();
            }
            counters.held(egress.heldDatagrams(), egress.heldBytes());
            selector.select(this::ready, Math.max(1, (wait + 999_999) / 1_000_000));
        }
        counters.held(egress.heldDatagrams(), egress.heldBytes());
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
            failures.failure(attachment instanceof Session s ? "upstream socket of " + s.client : "listen socket", e);
        }
    }

    private void drainListen() throws IOException {
        for (int i = 0; i < BATCH; i++) {
            buf.clear();
            SocketAddress from = listen.receive(buf);
            if (from == null) {
                return;
            }
            // per datagram: a batch may run on while later datagrams arrive, and delays count from arrival
            now = System.nanoTime();
            if (!allow.allows(((InetSocketAddress) from).getAddress())) {
                counters.refuseNotAllowed(); // no session, no upstream socket, no reply
                continue;
            }
            Session s = sessions.of((InetSocketAddress) from, now);
            if (s == null) {
                continue;
            }
            s.lastActiveNanos = now;
            if (s.awaitingSinceNanos < 0) {
                s.awaitingSinceNanos = now;
            }
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
                failures.failure("upstream socket of " + s.client, e);
                return;
            }
            if (from == null) {
                return;
            }
            now = System.nanoTime();
            if (!sessions.isUpstream(from)) {
                counters.stray();
                continue;
            }
            s.lastActiveNanos = now;
            s.awaitingSinceNanos = -1;
            try {
                handle(Direction.DOWN, s, buf.position());
            } catch (IOException e) {
                failures.failure("event log", e);
            }
        }
    }

    /** Decides, logs and sends on the datagram of {@code length} bytes in {@link #buf}. */
    private void handle(Direction way, Session s, int length) throws IOException {
        // a change made through the API applies to every datagram read after the call returned
        compileIfChanged();
        buf.flip();
        // a reply counts as the verb of its session's last request that went up
        int verb = way == Direction.UP ? VerbSniffer.sniff(buf) : s.lastVerb;
        int messages = MessageCount.of(frames, buf);
        counters.inc(way, Action.RECEIVED, messages);
        Decision d = decider.decide(way, verb, buf);
        if (log != null) {
            log.decided(d, way, length, verb);
        }
        if (d.dropped) {
            counters.inc(way, Action.DROPPED, messages);
            return;
        }
        if (way == Direction.UP) {
            s.lastVerb = verb;
        }
        if (d.garbles > 0) {
            d.garbleInPlace(buf);
            counters.inc(way, Action.GARBLED, messages);
        }
        Packet p = current;
        p.borrow(buf, length);
        p.session = s;
        p.way = way;
        p.target = way == Direction.UP ? sessions.upstreamFor(s) : s.client;
        p.copies = d.copies;
        p.behind = d.behind;
        p.seq = d.seq;
        p.verb = verb;
        p.messages = messages;
        egress.send(p, d, now);
    }

    private void compileIfChanged() {
        FaultPlan p = plan;
        if (p == compiledFrom) {
            return;
        }
        for (Direction way : new Direction[] {Direction.UP, Direction.DOWN}) {
            removed.clear();
            PlanCompiler.DirectionPlan dp = compiler.compile(p, way, now, removed);
            decider.use(way, dp.faults());
            egress.use(way, dp.limiters(), removed, now);
        }
        removed.clear();
        compiledFrom = p;
    }

    private void shutdown() {
        sessions.closeAll();
        egress.clear();
        counters.held(0, 0);
        try {
            listen.close();
        } catch (IOException e) {
            Failures.LOG.log(Level.FINE, "closing the listen socket", e);
        }
        try {
            selector.close();
        } catch (IOException e) {
            Failures.LOG.log(Level.FINE, "closing the selector", e);
        }
        if (log != null) {
            try {
                log.close();
            } catch (IOException e) {
                Failures.LOG.log(Level.WARNING, "could not finish the event log: " + e.getMessage(), e);
            }
        }
    }
}
