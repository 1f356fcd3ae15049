package io.udpgraph.router;

import io.udpgraph.protocol.HostPort;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.logging.Logger;

/**
 * The fault-injecting UDP router: clients talk to {@link #address()} as if it were the queue node behind
 * it; each client gets its own upstream socket, so every reply goes back to the client that asked, and on
 * the way both ways the router drops, duplicates, delays, reorders, garbles or rate-limits datagrams as its
 * faults say, reproducibly for a given seed.
 *
 * <pre>{@code
 * try (Router router = Router.start(RouterConfig.defaults().upstream(node.address())
 *         .faults(FaultSpec.parse("drop", "20%,up")).seed(42))) {
 *     MqClient client = MqClient.connect(router.address());   // PUT, GET, SIZE as usual, 20 % of requests lost
 * }
 * }</pre>
 *
 * Faults can be listed, added, changed and removed while it runs, from any thread or through the control
 * API; a change applies from the next datagram on. {@link #close()} stops it within a second.
 */
public final class Router implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Router.class.getName());
    private static final int SOCKET_BUFFER_BYTES = 4 * 1024 * 1024;

    private final RouterConfig config;
    private final long seed;
    private final InetSocketAddress address;
    private final List<InetSocketAddress> upstreams;
    private final RouterCounters counters;
    private final Engine engine;
    private final Thread thread;
    private final Object planLock = new Object();
    private ControlServer control;
    private List<Fault> faults;
    private long nextFaultId = 1;
    private long planVersion;
    private boolean closed;

    private Router(RouterConfig config, long seed, InetSocketAddress address, List<InetSocketAddress> upstreams,
                   RouterCounters counters, Engine engine, List<Fault> faults) {
        this.config = config;
        this.seed = seed;
        this.address = address;
        this.upstreams = upstreams;
        this.counters = counters;
        this.engine = engine;
        this.faults = faults;
        this.nextFaultId = faults.size() + 1L;
        this.thread = new Thread(engine, "router-" + config.name());
        this.thread.setDaemon(true);
    }

    /** Binds the listen socket (and the control API, if configured) and starts forwarding; returns once bound. */
    public static Router start(RouterConfig config) throws IOException {
        if (config.upstreams().isEmpty()) {
            throw new IllegalArgumentException("a router needs at least one upstream, e.g. --upstream 127.0.0.1:10000");
        }
        List<InetSocketAddress> upstreams = new ArrayList<>();
        for (HostPort u : config.upstreams()) {
            InetSocketAddress a = u.toSocketAddress();
            if (a.isUnresolved()) {
                throw new IOException("cannot resolve upstream host '" + u.host() + "': check the name or use an IP address");
            }
            if (a.getPort() == 0) {
                throw new IllegalArgumentException("upstream " + u + " has port 0: give the port the queue node listens on");
            }
            upstreams.add(a);
        }
        long seed = config.seed().isPresent() ? config.seed().getAsLong() : ThreadLocalRandom.current().nextLong();
        List<Fault> faults = new ArrayList<>();
        for (FaultSpec f : config.faults()) {
            faults.add(new Fault(faults.size() + 1L, f));
        }
        EventLog log = config.eventLog().isPresent() ? EventLog.open(config.eventLog().get(),
                config.eventLogMaxBytes()) : null;
        DatagramChannel listen = null;
        Selector selector = null;
        try {
            InetSocketAddress bindTo = config.listen().toSocketAddress();
            if (bindTo.isUnresolved()) {
                throw new IOException("cannot resolve listen host '" + config.listen().host() + "'");
            }
            listen = DatagramChannel.open(bindTo.getAddress() instanceof Inet6Address
                    ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
            // bursts of small datagrams outrun the loop for a moment; a deep buffer absorbs them
            listen.setOption(StandardSocketOptions.SO_RCVBUF, SOCKET_BUFFER_BYTES);
            listen.setOption(StandardSocketOptions.SO_SNDBUF, SOCKET_BUFFER_BYTES);
            try {
                listen.bind(bindTo);
            } catch (IOException e) {
                throw new IOException("cannot listen on " + config.listen() + ": " + e.getMessage()
                        + " (is the port taken? choose another --listen port)", e);
            }
            listen.configureBlocking(false);
            InetSocketAddress bound = (InetSocketAddress) listen.getLocalAddress();
            for (InetSocketAddress u : upstreams) {
                if (u.getPort() == bound.getPort() && (u.getAddress().equals(bound.getAddress())
                        || bound.getAddress().isAnyLocalAddress() && u.getAddress().isLoopbackAddress())) {
                    // a router forwarding to itself would circle every datagram (and multiply duplicates) forever
                    throw new IllegalArgumentException("upstream " + HostPort.of(u) + " is the router's own listen address: "
                            + "give the queue node's address");
                }
            }
            selector = Selector.open();
            listen.register(selector, SelectionKey.OP_READ, null);
            RouterCounters counters = new RouterCounters();
            Engine engine = new Engine(config, seed, counters, listen, selector,
                    upstreams.toArray(new InetSocketAddress[0]), log, new FaultPlan(0, faults));
            InetSocketAddress address = (InetSocketAddress) listen.getLocalAddress();
            Router router = new Router(config, seed, address, List.copyOf(upstreams), counters, engine, faults);
            counters.register(config.registry(), config.name());
            router.thread.start();
            if (config.control().isPresent()) {
                try {
                    router.control = ControlServer.start(config.control().get(), router,
                            config.controlToken().orElse(null));
                } catch (IOException | RuntimeException e) {
                    router.close();
                    throw e;
                }
            }
            LOG.fine(() -> "router " + config.name() + " listening on " + HostPort.of(address) + ", upstream "
                    + config.upstreams() + ", seed " + seed);
            return router;
        } catch (IOException | RuntimeException e) {
            if (listen != null && listen.isOpen() && (selector == null || selector.isOpen())) {
                closeQuietly(listen, selector, log);
            }
            throw e;
        }
    }

    private static void closeQuietly(DatagramChannel listen, Selector selector, EventLog log) {
        try {
            listen.close();
            if (selector != null) {
                selector.close();
            }
            if (log != null) {
                log.close();
            }
        } catch (IOException ignored) {
            // the start failed already; that is the error the caller sees
        }
    }

    /** Where clients send: the bound listen address. */
    public InetSocketAddress address() {
        return address;
    }

    /** The upstreams, resolved. */
    public List<InetSocketAddress> upstreams() {
        return upstreams;
    }

    /** Where the control API listens, when it was asked for. */
    public Optional<InetSocketAddress> controlAddress() {
        return control == null ? Optional.empty() : Optional.of(control.address());
    }

    /** The seed every decision derives from; pass it as {@code --seed} to repeat a run. */
    public long seed() {
        return seed;
    }

    /** The configuration it started with (faults as at start). */
    public RouterConfig config() {
        return config;
    }

    /** The counters, live. */
    public RouterCounters counters() {
        return counters;
    }

    /** The faults in force now, by id. */
    public List<Fault> faults() {
        synchronized (planLock) {
            return faults;
        }
    }

    /** The fault with this id, if it exists. */
    public Optional<Fault> fault(long id) {
        for (Fault f : faults()) {
            if (f.id() == id) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    /**
     * Writes {@code # text} into the event log ({@code --log-events}) between two datagrams, so a log shows when
     * something outside happened (a schedule step); does nothing without an event log. Any thread.
     */
    public void note(String text) {
        engine.note(text);
    }

    /** Adds a fault; it applies from the next datagram on. Returns it with its new id. */
    public Fault addFault(FaultSpec spec) {
        synchronized (planLock) {
            Fault f = new Fault(nextFaultId++, spec);
            List<Fault> next = new ArrayList<>(faults);
            next.add(f);
            install(next);
            return f;
        }
    }

    /** Replaces the fault with this id, keeping its id (and so its random decisions); empty if none. */
    public Optional<Fault> changeFault(long id, FaultSpec spec) {
        synchronized (planLock) {
            List<Fault> next = new ArrayList<>(faults);
            for (int i = 0; i < next.size(); i++) {
                if (next.get(i).id() == id) {
                    Fault f = new Fault(id, spec);
                    next.set(i, f);
                    install(next);
                    return Optional.of(f);
                }
            }
            return Optional.empty();
        }
    }

    /** Removes the fault with this id; false if there was none. */
    public boolean removeFault(long id) {
        synchronized (planLock) {
            List<Fault> next = new ArrayList<>(faults);
            if (!next.removeIf(f -> f.id() == id)) {
                return false;
            }
            install(next);
            return true;
        }
    }

    /** Removes every fault; returns how many there were. */
    public int clearFaults() {
        synchronized (planLock) {
            int n = faults.size();
            install(List.of());
            return n;
        }
    }

    private void install(List<Fault> next) {
        faults = List.copyOf(next);
        engine.install(new FaultPlan(++planVersion, faults));
    }

    /** Stops forwarding, closes every socket and the control API, and finishes the event log. */
    @Override
    public void close() {
        synchronized (planLock) {
            if (closed) {
                return;
            }
            closed = true;
        }
        if (control != null) {
            control.close();
        }
        engine.stop();
        try {
            thread.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        counters.unregister(config.registry());
    }

    @Override
    public String toString() {
        return "router " + config.name() + " on " + HostPort.of(address);
    }
}
