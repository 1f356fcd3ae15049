package io.udpgraph.connector;

import io.udpgraph.protocol.HostPort;
import io.udpgraph.protocol.ProtocolLimits;
import io.udpgraph.protocol.Utf8;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.List;
import java.util.logging.Logger;

/**
 * The udp-in connector (Wallaroo's {@code udp_source}): each datagram received is one message, PUT to a queue node
 * in batches. Datagrams wait in a buffer, each behind a u32 length, until the node stored them; while the node is
 * full or silent nothing is received and the kernel's socket buffer fills (UDP has no push-back: what overflows it
 * is lost there). A datagram that is not UTF-8 or is over the longest message is dropped and counted. One thread.
 */
public final class UdpIn implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(UdpIn.class.getName());

    private final DatagramChannel channel;
    private final Selector selector;
    private final GraphFeeder feeder;
    private final ConnectorMetrics metrics;
    private final InboundStream stream;
    private final int maxMessageBytes;
    private final LoopThread thread;
    private volatile boolean running = true;

    private UdpIn(TcpInConfig config) throws IOException {
        this.metrics = new ConnectorMetrics(config.registry(), config.name(), "in");
        this.maxMessageBytes = config.maxMessageBytes();
        this.stream = new InboundStream(0, Math.max(config.bufferBytes(),
                2 * (U32Codec.HEADER_BYTES + ProtocolLimits.MAX_DATAGRAM_BYTES)));
        this.selector = Selector.open();
        this.channel = DatagramChannel.open();
        try {
            channel.bind(config.listen());
            channel.configureBlocking(false);
            channel.register(selector, SelectionKey.OP_READ);
            this.feeder = new GraphFeeder(config.to(), Framing.U32.codec(config.maxMessageBytes()),
                    config.guarantee(), config.timeout(), config.busyPoll(), false, TcpIn.runId(), metrics);
        } catch (IOException | RuntimeException e) {
            channel.close();
            selector.close();
            throw e;
        }
        this.thread = new LoopThread("udp-in", this::run);
    }

    /** Binds the UDP port (the config's {@code listen}; framing is not used), starts the thread and returns. */
    public static UdpIn start(TcpInConfig config) throws IOException {
        UdpIn in = new UdpIn(config);
        in.thread.start();
        LOG.info("udp-in listening on udp " + HostPort.of(in.address()) + ", to " + HostPort.of(config.to()) + ", "
                + config.guarantee().word());
        return in;
    }

    /** Where datagrams are received. */
    public InetSocketAddress address() {
        try {
            return (InetSocketAddress) channel.getLocalAddress();
        } catch (IOException e) {
            return null;
        }
    }

    /** Messages stored so far. */
    public long messages() {
        return metrics.messages();
    }

    /** Datagrams dropped as not UTF-8 or too long. */
    public long errors() {
        return metrics.errors();
    }

    private void run() throws IOException {
        List<InboundStream> streams = List.of(stream);
        while (running) {
            if (feeder.sendOnce(streams) > 0 || feeder.stalled()) {
                continue;
            }
            if (receive() == 0) {
                selector.select(100);
                selector.selectedKeys().clear();
            }
        }
    }

    /** Receives what fits the buffer, each datagram behind its u32 length; returns how many. */
    private int receive() throws IOException {
        int n = 0;
        while (stream.room() >= U32Codec.HEADER_BYTES + ProtocolLimits.MAX_DATAGRAM_BYTES) {
            ByteBuffer buf = stream.appendBuffer();
            int at = buf.position();
            buf.position(at + U32Codec.HEADER_BYTES);
            if (channel.receive(buf) == null) {
                buf.position(at);
                return n;
            }
            int length = buf.position() - at - U32Codec.HEADER_BYTES;
            if (length > maxMessageBytes || Utf8.firstInvalid(buf, at + U32Codec.HEADER_BYTES, length) >= 0) {
                metrics.error();
                LOG.fine("dropped a datagram of " + length + " bytes: over the longest message or not UTF-8");
                buf.position(at);
                continue;
            }
            buf.putInt(at, length);
            stream.appended();
            n++;
        }
        return n;
    }

    @Override
    public void close() throws IOException {
        running = false;
        selector.wakeup();
        thread.join(2_000);
        channel.close();
        selector.close();
        feeder.close();
    }
}
