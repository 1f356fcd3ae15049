package io.udpgraph.router;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A live view of a router's counters: datagrams per direction and {@link Action}, sessions, and what it
 * holds right now. Any thread may read; only the router's loop thread writes (single writer, so an
 * increment is a plain read and an ordered store, no lock and no CAS).
 */
public final class RouterCounters {
    private static final Action[] ACTIONS = Action.values();
    private static final int SESSIONS_OPENED = 0;
    private static final int SESSIONS_EXPIRED = 1;
    private static final int SESSIONS_EVICTED = 2;
    private static final int SESSIONS_ACTIVE = 3;
    private static final int HELD_DATAGRAMS = 4;
    private static final int HELD_BYTES = 5;
    private static final int ERRORS = 6;
    private static final int STRAYS = 7;
    private static final int NOT_ALLOWED = 8;
    private static final int SESSIONS_FULL = 9;
    private static final int OTHERS = 10;

    private final AtomicLongArray datagrams = new AtomicLongArray(2 * ACTIONS.length);
    private final AtomicLongArray messages = new AtomicLongArray(2 * ACTIONS.length);
    private final AtomicLongArray others = new AtomicLongArray(OTHERS);
    private final List<Meter> meters = new ArrayList<>();

    RouterCounters() {
    }

    /** Datagrams travelling {@code way} (up or down) that met {@code action}. */
    public long get(Direction way, Action action) {
        return datagrams.get(index(way, action));
    }

    /** Messages (frames) in the datagrams travelling {@code way} that met {@code action}. */
    public long messages(Direction way, Action action) {
        return messages.get(index(way, action));
    }

    /** Sessions (clients) the router has now. */
    public long sessionsActive() {
        return others.get(SESSIONS_ACTIVE);
    }

    /** Sessions opened since start. */
    public long sessionsOpened() {
        return others.get(SESSIONS_OPENED);
    }

    /** Sessions closed because their client was idle for longer than the session idle time. */
    public long sessionsExpired() {
        return others.get(SESSIONS_EXPIRED);
    }

    /** Sessions closed early because the session table was full and a new client came. */
    public long sessionsEvicted() {
        return others.get(SESSIONS_EVICTED);
    }

    /** Datagrams held now (delayed, held for reordering, queued by a rate limit). */
    public long heldDatagrams() {
        return others.get(HELD_DATAGRAMS);
    }

    /** Bytes of the datagrams held now. */
    public long heldBytes() {
        return others.get(HELD_BYTES);
    }

    /** Failures inside the router that it survived (each is logged); should stay 0. */
    public long errors() {
        return others.get(ERRORS);
    }

    /** Datagrams that reached a session's upstream socket from somewhere other than an upstream, ignored. */
    public long strays() {
        return others.get(STRAYS);
    }

    /** Every counter by name, as the control API's {@code /counters} shows them. */
    public Map<String, Object> toMap() {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Direction way : new Direction[] {Direction.UP, Direction.DOWN}) {
            Map<String, Long> m = new LinkedHashMap<>();
            for (Action a : ACTIONS) {
                m.put(a.word(), get(way, a));
            }
            out.put(way.word(), m);
        }
        Map<String, Long> sessions = new LinkedHashMap<>();
        sessions.put("active", sessionsActive());
        sessions.put("opened", sessionsOpened());
        sessions.put("expired", sessionsExpired());
        sessions.put("evicted", sessionsEvicted());
        out.put("sessions", sessions);
        Map<String, Long> held = new LinkedHashMap<>();
        held.put("datagrams", heldDatagrams());
        held.put("bytes", heldBytes());
        out.put("held", held);
        out.put("strays", strays());
        out.put("errors", errors());
        return out;
    }

    // ---- loop thread only ----

    void inc(Direction way, Action action, int carried) {
        add(way, action, 1, carried);
    }

    void add(Direction way, Action action, long n, long carried) {
        int i = index(way, action);
        datagrams.lazySet(i, datagrams.get(i) + n);
        messages.lazySet(i, messages.get(i) + carried);
    }

    void sessionOpened(long active) {
        others.lazySet(SESSIONS_OPENED, others.get(SESSIONS_OPENED) + 1);
        others.lazySet(SESSIONS_ACTIVE, active);
    }

    void sessionClosed(boolean evicted, long active) {
        int i = evicted ? SESSIONS_EVICTED : SESSIONS_EXPIRED;
        others.lazySet(i, others.get(i) + 1);
        others.lazySet(SESSIONS_ACTIVE, active);
    }

    void sessionsActive(long active) {
        others.lazySet(SESSIONS_ACTIVE, active);
    }

    void held(long datagramsHeld, long bytesHeld) {
        others.lazySet(HELD_DATAGRAMS, datagramsHeld);
        others.lazySet(HELD_BYTES, bytesHeld);
    }

    void error() {
        others.lazySet(ERRORS, others.get(ERRORS) + 1);
    }

    void stray() {
        others.lazySet(STRAYS, others.get(STRAYS) + 1);
    }

    /** Datagrams from a client outside the router's --allow list, dropped without a session. */
    public long notAllowed() {
        return others.get(NOT_ALLOWED);
    }

    /** Datagrams from new clients dropped because every session that could go awaits a reply. */
    public long sessionsFull() {
        return others.get(SESSIONS_FULL);
    }

    void refuseSessionsFull() {
        others.lazySet(SESSIONS_FULL, others.get(SESSIONS_FULL) + 1);
    }

    void refuseNotAllowed() {
        others.lazySet(NOT_ALLOWED, others.get(NOT_ALLOWED) + 1);
    }

    private static int index(Direction way, Action action) {
        if (way == Direction.BOTH) {
            throw new IllegalArgumentException("a datagram travels up or down, not both");
        }
        return way.ordinal() * ACTIONS.length + action.ordinal();
    }

    // ---- metrics ----

    /** Registers every counter with {@code registry}, tagged {@code node=<name>}. */
    void register(MeterRegistry registry, String node) {
        for (Direction way : new Direction[] {Direction.UP, Direction.DOWN}) {
            for (Action a : ACTIONS) {
                int i = index(way, a);
                meters.add(FunctionCounter.builder("udpgraph.router.datagrams", datagrams, d -> d.get(i))
                        .description("Datagrams through the router by direction and what happened to them")
                        .tags("node", node, "direction", way.word(), "action", a.word())
                        .register(registry));
                meters.add(FunctionCounter.builder("udpgraph.router.messages", messages, d -> d.get(i))
                        .description("Messages (frames) in the datagrams through the router by direction and action")
                        .tags("node", node, "direction", way.word(), "action", a.word())
                        .register(registry));
            }
        }
        meters.add(Gauge.builder("udpgraph.router.sessions", others, o -> o.get(SESSIONS_ACTIVE))
                .description("Clients with a session now").tags("node", node).register(registry));
        meters.add(sessionCounter(registry, node, "opened", SESSIONS_OPENED));
        meters.add(sessionCounter(registry, node, "expired", SESSIONS_EXPIRED));
        meters.add(sessionCounter(registry, node, "evicted", SESSIONS_EVICTED));
        meters.add(Gauge.builder("udpgraph.router.held.datagrams", others, o -> o.get(HELD_DATAGRAMS))
                .description("Datagrams delayed, held for reordering or queued by a rate limit now")
                .tags("node", node).register(registry));
        meters.add(Gauge.builder("udpgraph.router.held.bytes", others, o -> o.get(HELD_BYTES))
                .description("Bytes of the datagrams held now").baseUnit("bytes").tags("node", node).register(registry));
        meters.add(FunctionCounter.builder("udpgraph.router.strays", others, o -> o.get(STRAYS))
                .description("Datagrams from neither a client nor an upstream, ignored").tags("node", node)
                .register(registry));
        meters.add(FunctionCounter.builder("udpgraph.router.refused", others, o -> o.get(NOT_ALLOWED))
                .description("Datagrams from clients outside --allow, dropped").tags("node", node)
                .tag("reason", "not-allowed").register(registry));
        meters.add(FunctionCounter.builder("udpgraph.router.refused", others, o -> o.get(SESSIONS_FULL))
                .description("Datagrams from new clients dropped: every session that could go awaits a reply")
                .tags("node", node).tag("reason", "sessions-full").register(registry));
        meters.add(FunctionCounter.builder("udpgraph.router.errors", others, o -> o.get(ERRORS))
                .description("Failures inside the router that it survived").tags("node", node).register(registry));
    }

    private Meter sessionCounter(MeterRegistry registry, String node, String event, int index) {
        return FunctionCounter.builder("udpgraph.router.sessions." + event, others, o -> o.get(index))
                .description("Sessions " + event).tags("node", node).register(registry);
    }

    /** Removes the meters {@link #register} added, so a node of the same name can start again. */
    void unregister(MeterRegistry registry) {
        for (Meter m : meters) {
            registry.remove(m);
        }
        meters.clear();
    }
}
