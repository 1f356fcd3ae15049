package io.udpgraph.connector;

import io.udpgraph.protocol.HostPort;
import io.udpgraph.protocol.LeaseBatch;
import io.udpgraph.protocol.LeaseIds;
import io.udpgraph.protocol.MqClient;
import io.udpgraph.protocol.MqException;
import io.udpgraph.protocol.ProtocolLimits;
import io.udpgraph.runtime.BackoffIdleStrategy;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.logging.Logger;

/**
 * The tcp-out connector (a TCP sink): leases messages from a queue node in batches, writes them framed to one TCP
 * peer, and acknowledges each batch, with the next LEASE, only after all of it was written. A failed write
 * releases the batch ({@code NACK}) and reconnects with a growing pause. Messages are written at least once: a
 * batch written just before a crash or a lost ACK is written again. One thread; {@link #start} returns once a
 * listening port is bound (the peer may come later).
 */
public final class TcpOut implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(TcpOut.class.getName());

    private final TcpOutConfig config;
    private final ServerSocketChannel server;
    private final MqClient client;
    private final FrameCodec codec;
    private final ConnectorMetrics metrics;
    private final BackoffIdleStrategy pause;
    private final LoopThread thread;
    private ByteBuffer out = ByteBuffer.allocateDirect(2 * ProtocolLimits.MAX_DATAGRAM_BYTES);
    private volatile boolean running = true;
    private volatile SocketChannel peer;
    /** Ids of batches written and found delivered: the next LEASE acknowledges them. tcp-out's thread only. */
    private final LeaseIds acks = new LeaseIds();
    /** Ids of the batch written last, acknowledged once the next LEASE's reply finds the peer still there. */
    private final LeaseIds written = new LeaseIds();
    /** Ids of the batch being written. */
    private final LeaseIds current = new LeaseIds();

    private TcpOut(TcpOutConfig config) throws IOException {
        this.config = config;
        this.codec = config.framing().codec(ProtocolLimits.MAX_MESSAGE_BYTES);
        this.metrics = new ConnectorMetrics(config.registry(), config.name(), "out");
        this.pause = new BackoffIdleStrategy(0, 0, GraphFeeder.MIN_PAUSE, config.maxBackoff());
        this.server = config.listen() ? ServerSocketChannel.open().bind(config.peer()) : null;
        try {
            this.client = MqClient.connect(config.from(), MqClient.Options.defaults().timeout(config.timeout())
                    .busyPoll(config.busyPoll()));
        } catch (IOException e) {
            if (server != null) {
                server.close();
            }
            throw e;
        }
        this.thread = new LoopThread("tcp-out", this::run);
    }

    /** Binds the listening port when asked, starts the thread and returns. */
    public static TcpOut start(TcpOutConfig config) throws IOException {
        TcpOut o = new TcpOut(config);
        o.thread.start();
        LOG.info("tcp-out from " + HostPort.of(config.from()) + (config.listen() ? ", listening on tcp " : ", to tcp ")
                + HostPort.of(o.peerAddress()) + ", " + config.framing().word()
                + " framing; messages are written at least once (again after a crash or a lost ACK)");
        return o;
    }

    /** The address connected to, or the bound listening address. */
    public InetSocketAddress peerAddress() {
        if (server != null) {
            try {
                return (InetSocketAddress) server.getLocalAddress();
            } catch (IOException e) {
                return config.peer();
            }
        }
        return config.peer();
    }

    /** Messages written and acknowledged so far. */
    public long messages() {
        return metrics.messages();
    }

    private void run() {
        while (running) {
            PeerLink link = connect();
            if (link == null) {
                continue;
            }
            pump(link);
        }
        settleOnStop();
    }

    /**
     * Moves batches to the peer until it goes away or the connector stops, leaving in {@link #acks} the ids still to
     * ACK. A batch is acknowledged once the reply to the next LEASE finds the peer still there, so a peer that closes
     * with bytes unread gets its last batch again from the next peer (at least once) instead of losing it in its
     * socket buffer. The next LEASE goes out before a batch is written, so the node fills it meanwhile.
     */
    private void pump(PeerLink peer) {
        written.clear();
        boolean inFlight = false;
        while (running) {
            LeaseBatch batch;
            try {
                if (!inFlight) {
                    client.sendLease(acks, config.take(), config.leaseTime(), TcpOutConfig.LEASE_WAIT);
                }
                inFlight = false;
                batch = client.awaitLease();
            } catch (MqException.Timeout e) {
                metrics.timeout();
                pause.idle(0);
                continue;   // the ACKs go again with the next LEASE: settling twice does nothing
            } catch (IOException e) {
                LOG.warning("leasing from " + HostPort.of(config.from()) + " failed: " + e.getMessage());
                pause.idle(0);
                continue;
            }
            metrics.moved(acks.size(), 0);
            acks.clear();
            current.clear();
            current.addAll(batch.ids());
            if (peer.gone()) {
                LOG.warning("the peer closed the connection; its last batch goes back to the queue, reconnecting");
                written.addAll(current);
                release(written);
                written.clear();
                peer.close();
                return;
            }
            acks.addAll(written);
            written.clear();
            if (current.isEmpty()) {
                continue;
            }
            inFlight = sendNextLease();
            long bytes = encode(batch);
            try {
                peer.write(out, () -> running);
            } catch (IOException e) {
                LOG.warning("writing to the peer failed (" + e.getMessage()
                        + "); the batch goes back to the queue and tcp-out reconnects");
                if (inFlight) {
                    current.addAll(awaitInFlight());
                }
                release(current);
                peer.close();
                return;
            }
            pause.reset();
            metrics.moved(0, bytes);
            written.addAll(current);
        }
        if (inFlight) {
            release(awaitInFlight()); // leased while stopping: never written
        }
        if (peer.gone()) {
            release(written);
            written.clear();
        }
        peer.close();
        acks.addAll(written);
        written.clear();
    }

    /** Sends the next LEASE, with the ACK of the batches found delivered, without waiting; false when it failed. */
    private boolean sendNextLease() {
        try {
            client.sendLease(acks, config.take(), config.leaseTime(), TcpOutConfig.LEASE_WAIT);
            return true;
        } catch (IOException e) {
            return false; // sent again, ACKs and all, once this batch is written
        }
    }

    /**
     * Takes the reply to the LEASE in flight when tcp-out stops using the link: its ACKs are then settled, and its
     * grants, returned, must be released. Empty when no reply came (the ACKs go again; the grants come back when
     * their leases end).
     */
    private LeaseIds awaitInFlight() {
        LeaseIds stray = new LeaseIds();
        try {
            stray.addAll(client.awaitLease().ids());
            metrics.moved(acks.size(), 0);
            acks.clear();
        } catch (IOException e) {
            LOG.fine("the LEASE in flight got no answer (" + e.getMessage() + "); its messages come back later");
        }
        return stray;
    }

    /**
     * Frames the grants of {@code batch} into {@link #out}, each body straight from the reply buffer (no copy, no
     * object per message); returns the bytes of the bodies.
     */
    private long encode(LeaseBatch batch) {
        // The bodies are inside the reply, so they and each frame's header at its largest bound what is written;
        // reading every grant once more to learn the exact size cost more than the spare room.
        ByteBuffer in = batch.buffer();
        int overhead = codec.framedLength(ProtocolLimits.MAX_MESSAGE_BYTES) - ProtocolLimits.MAX_MESSAGE_BYTES;
        out.clear();
        if (batch.size() == 0) {
            out.flip();
            return 0;
        }
        int need = in.limit() + batch.size() * overhead;
        if (need > out.capacity()) {
            out = ByteBuffer.allocateDirect(need);
        }
        long bytes = 0;
        for (int i = 0; i < batch.size(); i++) {
            codec.encode(in, batch.bodyStart(i), batch.bodyLength(i), out);
            bytes += batch.bodyLength(i);
        }
        out.flip();
        return bytes;
    }

    private PeerLink connect() {
        try {
            SocketChannel c = server != null ? server.accept() : SocketChannel.open(config.peer());
            peer = c;
            PeerLink link = new PeerLink(c);
            metrics.connection();
            LOG.info("tcp-out writing to " + HostPort.of(link.remote()));
            return link;
        } catch (IOException e) {
            if (running) {
                LOG.fine("connecting to " + HostPort.of(config.peer()) + " failed: " + e.getMessage());
                pause.idle(0);
            }
            return null;
        }
    }

    private void release(LeaseIds ids) {
        try {
            client.nack(ids);
        } catch (IOException e) {
            LOG.fine("NACK failed (" + e.getMessage() + "); the messages come back when their lease ends");
        }
    }

    private void settleOnStop() {
        if (acks.isEmpty()) {
            return;
        }
        try {
            client.ack(acks);
            metrics.moved(acks.size(), 0);
        } catch (IOException e) {
            LOG.warning("the last ACK failed (" + e.getMessage() + "); " + acks.size()
                    + " messages already written will be written again after their lease ends");
        }
    }

    @Override
    public void close() throws IOException {
        running = false;
        if (server != null) {
            server.close();
        }
        SocketChannel c = peer;
        if (c != null && !thread.isAlive()) {
            c.close();
        }
        thread.join(Duration.ofMillis(500).plus(config.timeout()).plus(TcpOutConfig.LEASE_WAIT).toMillis());
        if (c != null) {
            c.close();
        }
        client.close();
    }
}
