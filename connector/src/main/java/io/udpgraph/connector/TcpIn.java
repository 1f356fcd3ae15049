package io.udpgraph.connector;

import io.udpgraph.protocol.HostPort;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.logging.Logger;

/**
 * The tcp-in connector: accepts any number of TCP feeds, cuts each stream into messages with its {@link Framing}
 * and PUTs them to a queue node in batches, keeping each connection's order. While the node is full or silent no
 * socket is read, so TCP pushes back to the senders; nothing read is dropped. A malformed frame closes its
 * connection only. One thread does it all; {@link #start} returns once the port is bound.
 */
public final class TcpIn implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(TcpIn.class.getName());

    private static final int MIN_RECEIVE_WINDOW = 1 << 16;

    private final TcpInConfig config;
    private final ServerSocketChannel server;
    private final Selector selector;
    private final GraphFeeder feeder;
    private final ConnectorMetrics metrics;
    private final List<InboundStream> streams = new ArrayList<>();
    private final List<SelectionKey> keys = new ArrayList<>();
    private final LoopThread thread;
    private volatile boolean running = true;
    private long nextStreamId;

    private TcpIn(TcpInConfig config) throws IOException {
        this.config = config;
        this.metrics = new ConnectorMetrics(config.registry(), config.name(), "in");
        this.selector = Selector.open();
        this.server = ServerSocketChannel.open();
        try {
            server.bind(config.listen());
            server.configureBlocking(false);
            server.register(selector, SelectionKey.OP_ACCEPT);
            this.feeder = new GraphFeeder(config.to(), config.framing().codec(config.maxMessageBytes()),
                    config.guarantee(), config.timeout(), config.busyPoll(), true, runId(), metrics);
        } catch (IOException | RuntimeException e) {
            server.close();
            selector.close();
            throw e;
        }
        this.thread = new LoopThread("tcp-in-" + address().getPort(), this::run);
    }

    /** Binds the listening port, starts the thread and returns. */
    public static TcpIn start(TcpInConfig config) throws IOException {
        TcpIn in = new TcpIn(config);
        in.thread.start();
        LOG.info(String.format(Locale.ROOT, "tcp-in listening on tcp %s, %s framing, to %s, %s",
                HostPort.of(in.address()).toString(), config.framing().word(), HostPort.of(config.to()).toString(),
                config.guarantee().word()));
        return in;
    }

    /** Where feeds connect. */
    public InetSocketAddress address() {
        try {
            return (InetSocketAddress) server.getLocalAddress();
        } catch (IOException e) {
            return config.listen();
        }
    }

    /** Messages stored in the queue node so far. */
    public long messages() {
        return metrics.messages();
    }

    /** Connections closed for a malformed frame or a message the node refused for good. */
    public long errors() {
        return metrics.errors();
    }

    /** Batches the node refused as full and that were sent again after a pause. */
    public long backoffs() {
        return metrics.backoffs();
    }

    private void run() throws IOException {
        while (running) {
            int stored = feeder.sendOnce(streams);
            if (stored > 0 || feeder.stalled() || feeder.holdsFrames()) {
                continue;   // more frames may be buffered (some already cut), or the refused ones must go first
            }
            closeFinished();
            for (int i = 0; i < streams.size(); i++) {
                keys.get(i).interestOps(streams.get(i).wantsRead() ? SelectionKey.OP_READ : 0);
            }
            selector.select(100);
            handleReady();
        }
    }

    private void handleReady() throws IOException {
        Iterator<SelectionKey> it = selector.selectedKeys().iterator();
        while (it.hasNext()) {
            SelectionKey key = it.next();
            it.remove();
            if (!key.isValid()) {
                continue;
            }
            if (key.isAcceptable()) {
                accept();
            } else if (key.isReadable()) {
                InboundStream s = (InboundStream) key.attachment();
                try {
                    s.readFrom((SocketChannel) key.channel());
                } catch (IOException e) {
                    s.fail("reading failed: " + e.getMessage());
                }
            }
        }
    }

    private void accept() throws IOException {
        while (true) {
            SocketChannel c = server.accept();
            if (c == null) {
                return;
            }
            c.configureBlocking(false);
            // a fixed window stops the kernel growing it to megabytes of unacknowledged feed; not under the
            // loopback MSS (64 KiB), where the sender would wait for TCP's persist timer after every pause
            c.setOption(StandardSocketOptions.SO_RCVBUF, Math.max(config.bufferBytes(), MIN_RECEIVE_WINDOW));
            InboundStream s = new InboundStream(nextStreamId++, config.bufferBytes());
            keys.add(c.register(selector, SelectionKey.OP_READ, s));
            streams.add(s);
            metrics.connection();
            LOG.fine(() -> "connection " + s.id() + " from " + remote(c));
        }
    }

    private void closeFinished() {
        for (int i = streams.size() - 1; i >= 0; i--) {
            InboundStream s = streams.get(i);
            if (!s.finished()) {
                continue;
            }
            SelectionKey key = keys.get(i);
            SocketChannel c = (SocketChannel) key.channel();
            if (s.failure() != null) {
                metrics.error();
                LOG.warning("closing connection " + s.id() + " from " + remote(c) + " after " + s.storedMessages()
                        + " messages: " + s.failure());
            } else if (s.leftoverBytes() > 0) {
                LOG.warning("connection " + s.id() + " from " + remote(c) + " ended inside a frame; "
                        + s.leftoverBytes() + " bytes of an incomplete frame were not stored");
            }
            key.cancel();
            try {
                c.close();
            } catch (IOException e) {
                LOG.fine("closing connection " + s.id() + ": " + e.getMessage());
            }
            streams.remove(i);
            keys.remove(i);
        }
    }

    private static String remote(SocketChannel c) {
        try {
            return HostPort.of((InetSocketAddress) c.getRemoteAddress()).toString();
        } catch (IOException e) {
            return "a closed socket";
        }
    }

    /** A prefix of PUTID ids that differs between runs, so a new run's ids never repeat an old run's. */
    static String runId() {
        return Long.toString(System.currentTimeMillis(), 36) + Long.toString(System.nanoTime() & 0xfff, 36);
    }

    @Override
    public void close() throws IOException {
        running = false;
        selector.wakeup();
        thread.join(2_000);
        for (SelectionKey k : keys) {
            k.channel().close();
        }
        server.close();
        selector.close();
        feeder.close();
    }
}
