package io.udpgraph.router;

import io.micrometer.core.instrument.MeterRegistry;
import io.udpgraph.protocol.HostPort;
import io.udpgraph.runtime.Allowlist;
import io.udpgraph.runtime.MetricsEndpoint;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Everything a {@link Router} needs, as an immutable value: start from {@link #defaults()} and change what
 * differs, e.g. {@code RouterConfig.defaults().upstream(node.address()).faults(new FaultSpec.Drop(0.2, Scope.ALL))}.
 *
 * @param name the node's name, the {@code node} tag of its metrics
 * @param listen where clients send (port 0 picks a free port; {@link Router#address()} tells which)
 * @param upstreams the queue nodes behind the router, at least one
 * @param balance how requests spread over several upstreams
 * @param faults the faults at start; the control API can change them later
 * @param seed the seed of every random decision; empty picks one at start ({@link Router#seed()} tells it)
 * @param eventLog where to write one line per datagram, or empty for no log
 * @param sessionIdle how long a client may stay silent before its session (and upstream socket) closes
 * @param maxSessions most sessions at once; a new client beyond it evicts the least recently active
 * @param maxHeldDatagrams most datagrams held at once (delayed, held for reordering, rate-queued)
 * @param maxHeldBytes most bytes held at once
 * @param reorderMaxHold longest a datagram waits for the datagrams it is held behind
 * @param idleSpin how long the loop polls its sockets after its last datagram before it sleeps in select
 * @param control where the control API listens (port 0 picks one), or empty for none
 * @param controlToken the bearer token every control API request must carry, or empty for none
 * @param eventLogMaxBytes the event log rotates to {@code FILE.1} past this many bytes
 * @param allow the clients served (loopback always); datagrams from others are dropped and counted
 * @param registry where the metrics go
 */
public record RouterConfig(String name, HostPort listen, List<HostPort> upstreams, Balance balance,
                           List<FaultSpec> faults, OptionalLong seed, Optional<Path> eventLog, Duration sessionIdle,
                           int maxSessions, int maxHeldDatagrams, long maxHeldBytes, Duration reorderMaxHold,
                           Duration idleSpin, Optional<HostPort> control, Optional<String> controlToken,
                           long eventLogMaxBytes, Allowlist allow, MeterRegistry registry) {
    /** Node name when none is given. */
    public static final String DEFAULT_NAME = "router";
    /** Listen address when none is given: loopback, a free port. */
    public static final HostPort DEFAULT_LISTEN = new HostPort("127.0.0.1", 0);
    /** A silent client's session closes after this. */
    public static final Duration DEFAULT_SESSION_IDLE = Duration.ofSeconds(60);
    /** Sessions at once (each holds one socket). */
    public static final int DEFAULT_MAX_SESSIONS = 1024;
    /** Datagrams held at once. */
    public static final int DEFAULT_MAX_HELD_DATAGRAMS = 10_000;
    /** Bytes held at once. */
    public static final long DEFAULT_MAX_HELD_BYTES = 32L * 1024 * 1024;
    /** A datagram held for reordering goes out after this even if too few datagrams passed it. */
    public static final Duration DEFAULT_REORDER_MAX_HOLD = Duration.ofMillis(200);
    /**
     * No polling by default: on a 2-core machine 50 or 200 µs of polling after each datagram gained nothing
     * measurable over sleeping in select (the reply comes 10-30 µs later, but polling takes the core the
     * upstream or the client needs). Worth trying where cores are plentiful.
     */
    public static final Duration DEFAULT_IDLE_SPIN = Duration.ZERO;
    /** The event log rotates past this (256 MiB), so it holds at most twice that on disk. */
    public static final long DEFAULT_EVENT_LOG_MAX_BYTES = 256L << 20;

    public RouterConfig {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a router needs a name (the node tag of its metrics)");
        }
        if (listen == null) {
            throw new IllegalArgumentException("a router needs a listen address, e.g. 127.0.0.1:10101");
        }
        upstreams = List.copyOf(upstreams);
        faults = List.copyOf(faults);
        if (balance == null) {
            throw new IllegalArgumentException("balance must be round-robin or client-hash");
        }
        if (sessionIdle.isNegative() || sessionIdle.isZero()) {
            throw new IllegalArgumentException("session idle time must be positive, got " + sessionIdle);
        }
        if (maxSessions < 1) {
            throw new IllegalArgumentException("max sessions must be at least 1, got " + maxSessions);
        }
        if (maxHeldDatagrams < 0 || maxHeldBytes < 0) {
            throw new IllegalArgumentException("the bounds on held datagrams and bytes must be 0 or more");
        }
        if (reorderMaxHold.isNegative()) {
            throw new IllegalArgumentException("reorder max hold must not be negative, got " + reorderMaxHold);
        }
        if (idleSpin.isNegative()) {
            throw new IllegalArgumentException("idle spin must not be negative, got " + idleSpin);
        }
        if (eventLogMaxBytes < 4096) {
            throw new IllegalArgumentException("--log-events-max-bytes must be at least 4096, got " + eventLogMaxBytes);
        }
        if (allow == null) {
            allow = Allowlist.loopbackOnly();
        }
        if (controlToken == null) {
            controlToken = Optional.empty();
        }
        if (registry == null) {
            throw new IllegalArgumentException("a router needs a meter registry");
        }
    }

    /** Loopback on a free port, no upstream yet, no faults, a random seed, a fresh Prometheus registry. */
    public static RouterConfig defaults() {
        return new RouterConfig(DEFAULT_NAME, DEFAULT_LISTEN, List.of(), Balance.ROUND_ROBIN, List.of(),
                OptionalLong.empty(), Optional.empty(), DEFAULT_SESSION_IDLE, DEFAULT_MAX_SESSIONS,
                DEFAULT_MAX_HELD_DATAGRAMS, DEFAULT_MAX_HELD_BYTES, DEFAULT_REORDER_MAX_HOLD, DEFAULT_IDLE_SPIN, Optional.empty(),
                Optional.empty(), DEFAULT_EVENT_LOG_MAX_BYTES, Allowlist.loopbackOnly(),
                MetricsEndpoint.newRegistry());
    }

    public RouterConfig name(String n) {
        return new RouterConfig(n, listen, upstreams, balance, faults, seed, eventLog, sessionIdle, maxSessions,
                maxHeldDatagrams, maxHeldBytes, reorderMaxHold, idleSpin, control, controlToken, eventLogMaxBytes, allow, registry);
    }

    public RouterConfig listen(HostPort l) {
        return new RouterConfig(name, l, upstreams, balance, faults, seed, eventLog, sessionIdle, maxSessions,
                maxHeldDatagrams, maxHeldBytes, reorderMaxHold, idleSpin, control, controlToken, eventLogMaxBytes, allow, registry);
    }

    /** The listen port on the same host (0 picks a free one). */
    public RouterConfig port(int port) {
        return listen(new HostPort(listen.host(), port));
    }

    public RouterConfig upstreams(List<HostPort> u) {
        return new RouterConfig(name, listen, u, balance, faults, seed, eventLog, sessionIdle, maxSessions,
                maxHeldDatagrams, maxHeldBytes, reorderMaxHold, idleSpin, control, controlToken, eventLogMaxBytes, allow, registry);
    }

    /** The upstreams, replacing any given before. */
    public RouterConfig upstream(HostPort... u) {
        return upstreams(Arrays.asList(u));
    }

    /** One upstream at a socket address, e.g. a queue node's {@code address()}. */
    public RouterConfig upstream(java.net.InetSocketAddress address) {
        return upstream(HostPort.of(address));
    }

    public RouterConfig balance(Balance b) {
        return new RouterConfig(name, listen, upstreams, b, faults, seed, eventLog, sessionIdle, maxSessions,
                maxHeldDatagrams, maxHeldBytes, reorderMaxHold, idleSpin, control, controlToken, eventLogMaxBytes, allow, registry);
    }

    public RouterConfig faults(List<FaultSpec> f) {
        return new RouterConfig(name, listen, upstreams, balance, f, seed, eventLog, sessionIdle, maxSessions,
                maxHeldDatagrams, maxHeldBytes, reorderMaxHold, idleSpin, control, controlToken, eventLogMaxBytes, allow, registry);
    }

    /** The faults at start, replacing any given before. */
    public RouterConfig faults(FaultSpec... f) {
        return faults(Arrays.asList(f));
    }

    /** These faults added after the ones given before. */
    public RouterConfig addFaults(FaultSpec... f) {
        List<FaultSpec> all = new ArrayList<>(faults);
        all.addAll(Arrays.asList(f));
        return faults(all);
    }

    public RouterConfig seed(long s) {
        return new RouterConfig(name, listen, upstreams, balance, faults, OptionalLong.of(s), eventLog, sessionIdle,
                maxSessions, maxHeldDatagrams, maxHeldBytes, reorderMaxHold, idleSpin, control, controlToken, eventLogMaxBytes, allow, registry);
    }

    public RouterConfig eventLog(Path p) {
        return new RouterConfig(name, listen, upstreams, balance, faults, seed, Optional.ofNullable(p), sessionIdle,
                maxSessions, maxHeldDatagrams, maxHeldBytes, reorderMaxHold, idleSpin, control, controlToken, eventLogMaxBytes, allow, registry);
    }

    public RouterConfig sessionIdle(Duration d) {
        return new RouterConfig(name, listen, upstreams, balance, faults, seed, eventLog, d, maxSessions,
                maxHeldDatagrams, maxHeldBytes, reorderMaxHold, idleSpin, control, controlToken, eventLogMaxBytes, allow, registry);
    }

    public RouterConfig maxSessions(int n) {
        return new RouterConfig(name, listen, upstreams, balance, faults, seed, eventLog, sessionIdle, n,
                maxHeldDatagrams, maxHeldBytes, reorderMaxHold, idleSpin, control, controlToken, eventLogMaxBytes, allow, registry);
    }

    public RouterConfig maxHeldDatagrams(int n) {
        return new RouterConfig(name, listen, upstreams, balance, faults, seed, eventLog, sessionIdle, maxSessions,
                n, maxHeldBytes, reorderMaxHold, idleSpin, control, controlToken, eventLogMaxBytes, allow, registry);
    }

    public RouterConfig maxHeldBytes(long n) {
        return new RouterConfig(name, listen, upstreams, balance, faults, seed, eventLog, sessionIdle, maxSessions,
                maxHeldDatagrams, n, reorderMaxHold, idleSpin, control, controlToken, eventLogMaxBytes, allow, registry);
    }

    public RouterConfig reorderMaxHold(Duration d) {
        return new RouterConfig(name, listen, upstreams, balance, faults, seed, eventLog, sessionIdle, maxSessions,
                maxHeldDatagrams, maxHeldBytes, d, idleSpin, control, controlToken, eventLogMaxBytes, allow, registry);
    }

    public RouterConfig idleSpin(Duration d) {
        return new RouterConfig(name, listen, upstreams, balance, faults, seed, eventLog, sessionIdle, maxSessions,
                maxHeldDatagrams, maxHeldBytes, reorderMaxHold, d, control, controlToken, eventLogMaxBytes, allow, registry);
    }

    /** Serve the control API at {@code at} (port 0 picks a free one). */
    public RouterConfig control(HostPort at) {
        return new RouterConfig(name, listen, upstreams, balance, faults, seed, eventLog, sessionIdle, maxSessions,
                maxHeldDatagrams, maxHeldBytes, reorderMaxHold, idleSpin, Optional.ofNullable(at), controlToken,
                eventLogMaxBytes, allow, registry);
    }

    /** Require {@code token} as a bearer token on every control API request (null or empty: none). */
    public RouterConfig controlToken(String token) {
        return new RouterConfig(name, listen, upstreams, balance, faults, seed, eventLog, sessionIdle, maxSessions,
                maxHeldDatagrams, maxHeldBytes, reorderMaxHold, idleSpin, control,
                Optional.ofNullable(token).filter(t -> !t.isEmpty()), eventLogMaxBytes, allow, registry);
    }

    /** Serve clients from {@code a} (and loopback); others are dropped and counted. */
    public RouterConfig allow(Allowlist a) {
        return new RouterConfig(name, listen, upstreams, balance, faults, seed, eventLog, sessionIdle, maxSessions,
                maxHeldDatagrams, maxHeldBytes, reorderMaxHold, idleSpin, control, controlToken, eventLogMaxBytes, a,
                registry);
    }

    /** Rotate the event log to {@code FILE.1} past {@code n} bytes. */
    public RouterConfig eventLogMaxBytes(long n) {
        return new RouterConfig(name, listen, upstreams, balance, faults, seed, eventLog, sessionIdle, maxSessions,
                maxHeldDatagrams, maxHeldBytes, reorderMaxHold, idleSpin, control, controlToken, n, allow, registry);
    }

    public RouterConfig registry(MeterRegistry r) {
        return new RouterConfig(name, listen, upstreams, balance, faults, seed, eventLog, sessionIdle, maxSessions,
                maxHeldDatagrams, maxHeldBytes, reorderMaxHold, idleSpin, control, controlToken, eventLogMaxBytes, allow, r);
    }
}
