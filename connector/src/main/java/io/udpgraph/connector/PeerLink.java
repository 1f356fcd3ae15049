package io.udpgraph.connector;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.function.BooleanSupplier;

/**
 * tcp-out's connection to its peer: writes whole batches, waiting while the peer's window is full, and tells
 * whether the peer has closed its side (a sink peer sends nothing, so the end of its stream means it went away)
 * before more is written to it. Used by one thread.
 */
final class PeerLink implements AutoCloseable {
    private final SocketChannel channel;
    private final Selector selector;
    private final ByteBuffer probe = ByteBuffer.allocate(512);
    private static final java.util.function.Consumer<SelectionKey> IGNORE_READY = key -> { };

    PeerLink(SocketChannel channel) throws IOException {
        this.channel = channel;
        channel.configureBlocking(false);
        this.selector = Selector.open();
        channel.register(selector, SelectionKey.OP_WRITE);
    }

    InetSocketAddress remote() throws IOException {
        return (InetSocketAddress) channel.getRemoteAddress();
    }

    /** True when the peer closed or reset the connection; bytes it sent are read and ignored. */
    boolean gone() {
        try {
            while (true) {
                probe.clear();
                int n = channel.read(probe);
                if (n < 0) {
                    return true;
                }
                if (n == 0) {
                    return false;
                }
            }
        } catch (IOException e) {
            return true;
        }
    }

    /** Writes all of {@code out}, waiting for room while {@code running} holds. */
    void write(ByteBuffer out, BooleanSupplier running) throws IOException {
        while (out.hasRemaining()) {
            if (channel.write(out) == 0) {
                if (!running.getAsBoolean()) {
                    throw new IOException("stopped while the peer was not reading");
                }
                selector.select(IGNORE_READY, 100); // with an action, no key is added to a set: nothing allocated
            }
        }
    }

    @Override
    public void close() {
        try {
            selector.close();
            channel.close();
        } catch (IOException e) {
            // closing a connection that already failed: nothing left to release
        }
    }
}
