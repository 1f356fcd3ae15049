package io.udpgraph.topology;

import io.udpgraph.connector.FrameCodec;
import io.udpgraph.connector.Framing;
import io.udpgraph.protocol.ProtocolLimits;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A source of {@code topology run} fed through a tcp-in connector ({@code via:}): its messages go over one TCP
 * connection, framed as the connector cuts them, and the connector PUTs them to the queue. TCP carries every
 * byte or fails the connection, so a message counts as unacknowledged only when the connection failed while it
 * was still in this feed's buffer.
 */
final class ConnectorFeed implements Runnable {
    /** Bytes gathered before a write when the source has no rate: a few hundred short messages per system call. */
    static final int BUFFER_BYTES = 64 * 1024;

    private final Topology.Source source;
    private final InetSocketAddress connector;
    private final FrameCodec codec;
    private final List<String> messages;
    private final int from;
    private final int to;
    private final long[] sentNanos;
    private final AtomicLong sent;
    private final AtomicLong unacknowledged;
    private final AtomicBoolean stop;

    /**
     * Feeds {@code messages[from, to)} to the tcp-in listening at {@code connector} with {@code framing}, noting
     * each message's send time in {@code sentNanos} and counting it in {@code sent}; stops early once {@code stop}.
     */
    ConnectorFeed(Topology.Source source, InetSocketAddress connector, Framing framing, List<String> messages,
                  int from, int to, long[] sentNanos, AtomicLong sent, AtomicLong unacknowledged, AtomicBoolean stop) {
        this.source = source;
        this.connector = connector;
        this.codec = framing.codec(ProtocolLimits.MAX_MESSAGE_BYTES);
        this.messages = messages;
        this.from = from;
        this.to = to;
        this.sentNanos = sentNanos;
        this.sent = sent;
        this.unacknowledged = unacknowledged;
        this.stop = stop;
    }

    @Override
    public void run() {
        Pacer pacer = new Pacer(source.rate());
        ByteBuffer out = ByteBuffer.allocate(BUFFER_BYTES);
        int buffered = 0;
        try (SocketChannel channel = SocketChannel.open(connector)) {
            for (int k = from; k < to && !stop.get(); k++) {
                pacer.awaitNext();
                byte[] text = messages.get(k).getBytes(StandardCharsets.UTF_8);
                int need = codec.framedLength(text.length);
                if (need > out.remaining()) {
                    write(channel, out);
                    buffered = 0;
                    if (need > out.capacity()) {
                        out = ByteBuffer.allocate(need);
                    }
                }
                sentNanos[k] = System.nanoTime();
                sent.incrementAndGet();
                codec.encode(text, out);
                buffered++;
                if (pacer.paced()) {
                    write(channel, out); // a paced source sends each message when its time comes
                    buffered = 0;
                }
            }
            write(channel, out);
            buffered = 0;
        } catch (IOException e) {
            unacknowledged.addAndGet(buffered);
            System.err.println("topology: source " + source.name() + " stopped: connector '" + source.via() + "' at "
                    + connector.getHostString() + ":" + connector.getPort() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void write(SocketChannel channel, ByteBuffer out) throws IOException {
        out.flip();
        while (out.hasRemaining()) {
            channel.write(out);
        }
        out.clear();
    }
}
