package io.udpgraph.mq;

import io.udpgraph.protocol.HostPort;
import io.udpgraph.runtime.FatalErrors;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A queue node: one FIFO queue of UTF-8 messages behind one UDP address, spoken to with the classic
 * {@code PUT}/{@code GET}/{@code SIZE} commands and the extensions of docs/PROTOCOL.md.
 *
 * <pre>{@code
 * try (QueueNode node = QueueNode.start(QueueConfig.defaults().port(0))) {
 *     InetSocketAddress at = node.address();
 * }
 * }</pre>
 *
 * {@link #start} returns once the socket is bound; {@link #close()} stops every thread within a second and
 * releases the sockets and meters. Each receiving thread blocks on its own socket and serves what it
 * receives itself: no hand-off between threads on the request path. Thread-safe.
 */
public final class QueueNode implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(QueueNode.class.getName());

    private final QueueConfig config;
    private final QueueStore store;
    private final QueueMetrics metrics;
    private final LongPolls longPolls;
    private final SourceGate gate;
    private final DeadLetterForwarder deadLetters;
    private final DelayQueue<Deadline> deadlines = new DelayQueue<>();
    private final List<DatagramChannel> channels = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final OnceLog failures;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final InetSocketAddress address;
    private final long recovered;

    private QueueNode(QueueConfig config, SourcePolicy policy) throws IOException {
        this.config = config;
        this.failures = new OnceLog(LOG, config.name() + ": ");
        this.deadLetters = new DeadLetterForwarder(config.deadLetter(), config.name(), failures);
        this.store = new QueueStore(config, deadlines, deadLetters,
                e -> failures.warn("journal", "the journal failed: " + e.getMessage(), e));
        try {
            this.recovered = store.recover();
        } catch (IOException | RuntimeException e) {
            closeJournal(config, e);
            throw e;
        }
        if (store.stored() > config.capacityMessages() || store.bytes() > config.capacityBytes()) {
            LOG.warning(() -> config.name() + ": the journal gave back " + store.stored() + " messages (" + store.bytes()
                    + " bytes), more than the capacity of " + config.capacityMessages() + " messages, "
                    + config.capacityBytes() + " bytes; every one is kept, and PUTs get ERR full until enough are taken");
        }
        this.metrics = new QueueMetrics(config.registry(), config.name(), store);
        Delivery delivery = new Delivery(store, metrics, LeaseTokens.random());
        this.gate = new SourceGate(policy, metrics);
        this.longPolls = new LongPolls(delivery, store, metrics, deadlines, failures, gate);
        store.onVisible(longPolls::wake);
        try {
            this.address = bind();
        } catch (IOException | RuntimeException e) {
            closeChannels();
            metrics.remove();
            closeJournal(config, e);
            throw e;
        }
        deadLetters.start(metrics.deadLetterFailures);
        for (int i = 0; i < channels.size(); i++) {
            RequestHandler handler = new RequestHandler(store, delivery, longPolls, metrics, failures,
                    config.maxMessageBytes(), gate.minLeaseNanos());
            DatagramChannel channel = channels.get(i);
            threads.add(thread("mq-" + config.name() + "-rx-" + i, receiveLoop(channel, handler)));
        }
        threads.add(thread("mq-" + config.name() + "-housekeeping", this::housekeeping));
    }

    /** A node that fails to start lets go of its journal, so the data directory can be opened again. */
    private static void closeJournal(QueueConfig config, Exception cause) {
        try {
            config.journal().close();
        } catch (Exception e) {
            cause.addSuppressed(e);
        }
    }

    /**
     * Binds the node's socket(s) and starts serving with {@link SourcePolicy#embedded()}; returns once it is
     * reachable at {@link #address()}.
     */
    public static QueueNode start(QueueConfig config) throws IOException {
        return new QueueNode(config, SourcePolicy.embedded());
    }

    /** Like {@link #start(QueueConfig)}, serving whom {@code policy} allows, as much as it allows. */
    public static QueueNode start(QueueConfig config, SourcePolicy policy) throws IOException {
        return new QueueNode(config, policy);
    }

    private InetSocketAddress bind() throws IOException {
        InetSocketAddress want = new InetSocketAddress(config.bind(), config.port());
        if (want.isUnresolved()) {
            throw new IOException("cannot resolve the bind address '" + config.bind() + "'; give an IP such as 127.0.0.1");
        }
        int port = config.port();
        if (config.threads() > 1 && port != 0) {
            probe(want);
        }
        for (int i = 0; i < config.threads(); i++) {
            DatagramChannel channel = DatagramChannel.open();
            channels.add(channel);
            if (config.threads() > 1) {
                if (!channel.supportedOptions().contains(StandardSocketOptions.SO_REUSEPORT)) {
                    throw new IOException("this platform has no SO_REUSEPORT, which --threads above 1 needs; use --threads 1");
                }
                channel.setOption(StandardSocketOptions.SO_REUSEPORT, true);
            }
            channel.setOption(StandardSocketOptions.SO_RCVBUF, 4 * 1024 * 1024);
            channel.setOption(StandardSocketOptions.SO_SNDBUF, 4 * 1024 * 1024);
            InetSocketAddress at = new InetSocketAddress(want.getAddress(), port);
            try {
                channel.bind(at);
            } catch (IOException e) {
                throw new IOException("cannot bind UDP " + HostPort.of(at) + ": " + e.getMessage()
                        + " (is another node there? choose another --port, or 0 for any free one)", e);
            }
            port = ((InetSocketAddress) channel.getLocalAddress()).getPort();
        }
        return (InetSocketAddress) channels.get(0).getLocalAddress();
    }

    /**
     * Sockets with SO_REUSEPORT share a port with any other such socket of the same user, so a second node
     * started on a taken port would bind and silently take half its traffic. A plain bind first makes that
     * mistake the usual "address in use".
     */
    private static void probe(InetSocketAddress at) throws IOException {
        try (DatagramChannel probe = DatagramChannel.open()) {
            probe.bind(at);
        } catch (IOException e) {
            throw new IOException("cannot bind UDP " + HostPort.of(at) + ": " + e.getMessage()
                    + " (is another node there? choose another --port, or 0 for any free one)", e);
        }
    }

    private Thread thread(String name, Runnable body) {
        // An Error (out of memory) or a bug escaping a loop stops the process: a node with a dead thread is deaf.
        Thread t = new Thread(FatalErrors.guard(name, body), name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    /**
     * A journal whose commit does I/O gets one commit per turn of datagrams (one write, and one force under
     * {@code --fsync always}); others are served one datagram at a time.
     */
    private Runnable receiveLoop(DatagramChannel channel, RequestHandler handler) {
        if (config.journal().commitsPerTurn()) {
            TurnLoop loop = new TurnLoop(channel, handler, store, failures, closed, gate, config.busyPoll());
            return loop::run;
        }
        return () -> receive(channel, handler);
    }

    private void receive(DatagramChannel channel, RequestHandler handler) {
        // Room for any UDP payload (IPv6 carries up to 65,527 bytes), so an oversized one is refused with its size.
        ByteBuffer in = ByteBuffer.allocateDirect(65_536);
        PollingReceiver polling = null;
        if (config.busyPoll().enabled()) {
            try {
                polling = new PollingReceiver(channel, in, config.busyPoll());
            } catch (IOException e) {
                failures.warn("receive", "cannot poll the socket (" + e.getMessage() + "); receiving without "
                        + "--busy-poll", e);
            }
        }
        try {
            serve(channel, handler, in, polling);
        } finally {
            if (polling != null) {
                try {
                    polling.close();
                } catch (IOException e) {
                    LOG.fine("closing the poller: " + e.getMessage());
                }
            }
        }
    }

    private void serve(DatagramChannel channel, RequestHandler handler, ByteBuffer in, PollingReceiver polling) {
        while (!closed.get()) {
            SocketAddress client;
            try {
                in.clear();
                client = polling == null ? channel.receive(in) : polling.receive();
                if (client == null) {
                    continue; // the poller's wait ended empty: look at closed again
                }
            } catch (ClosedChannelException | ClosedSelectorException e) {
                return;
            } catch (IOException e) {
                failures.warn("receive", "receive failed: " + e.getMessage(), e);
                continue;
            }
            in.flip();
            if (!gate.admits(client)) {
                continue;
            }
            try {
                if (!handler.handle(in, client, channel)) {
                    continue;
                }
            } catch (RuntimeException e) {
                // The handler answers each command's failure itself; this is a bug outside them. Keep the
                // thread: a dead receiving thread would leave its share of the clients unanswered.
                failures.warn("handler-" + e.getClass().getSimpleName(), "a datagram could not be served: " + e, e);
                continue;
            }
            try {
                int sent = channel.send(handler.reply().flip(), client);
                if (sent == 0 && polling != null) {
                    // a non-blocking socket drops what its full send buffer cannot take; the client asks again
                    failures.warn("send-full", "the socket's send buffer was full; a reply to " + client
                            + " was dropped", null);
                }
                gate.charge(client, sent);
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                failures.warn("send", "cannot answer " + client + ": " + e.getMessage(), e);
            }
        }
    }

    private void housekeeping() {
        while (!closed.get()) {
            Deadline d;
            try {
                d = deadlines.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            try {
                if (d != null) {
                    d.fire();
                }
                store.purgeEndedLeases();
            } catch (RuntimeException e) {
                failures.warn("housekeeping", "a lease or long-poll deadline failed: " + e, e);
            }
        }
    }

    /** Where the node listens (the port it got when the config asked for port 0). */
    public InetSocketAddress address() {
        return address;
    }

    /** The configuration it was started with. */
    public QueueConfig config() {
        return config;
    }

    /** Visible messages: what {@code SIZE} answers. */
    public long size() {
        return store.visible();
    }

    /** Messages held, visible and leased. */
    public long stored() {
        return store.stored();
    }

    /** The node's counts, as {@code STATS} reports them. */
    public QueueStats stats() {
        return new QueueStats(store.visible(), store.leased(), store.deadLettered(), store.deduplicated(),
                store.bytes(), store.capacityMessages());
    }

    /** GETs and LEASEs parked now, waiting for a message or their deadline. */
    public int parkedPolls() {
        return longPolls.parked();
    }

    /** Lease and long-poll deadlines queued for the housekeeping thread (for tests of its upkeep). */
    int queuedDeadlines() {
        return deadlines.size() + store.scheduledLeaseEnds();
    }

    /** The node's meters (for tests of what it counts). */
    QueueMetrics metricsForTests() {
        return metrics;
    }

    /** The node's source checks (for tests of sources a loopback test cannot send from). */
    SourceGate gateForTests() {
        return gate;
    }

    /** Messages the journal gave back when the node started. */
    public long recovered() {
        return recovered;
    }

    /** Stops serving, within a second; the messages held are dropped unless the journal keeps them. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        closeChannels();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(800);
        for (Thread t : threads) {
            t.interrupt();
            try {
                t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        try {
            deadLetters.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            config.journal().close();
        } catch (Exception e) {
            LOG.log(Level.WARNING, config.name() + ": the journal did not close cleanly: " + e.getMessage(), e);
        }
        metrics.remove();
    }

    private void closeChannels() {
        for (DatagramChannel c : channels) {
            try {
                c.close();
            } catch (IOException e) {
                LOG.log(Level.FINE, "closing a socket failed", e);
            }
        }
    }

    @Override
    public String toString() {
        return "QueueNode " + config.name() + " at " + HostPort.of(address);
    }
}
