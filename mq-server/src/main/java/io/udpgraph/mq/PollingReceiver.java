package io.udpgraph.mq;

import io.udpgraph.protocol.BusyPoll;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;

/**
 * A receiving thread's socket under {@code --busy-poll}: non-blocking, polled for the busy-poll time after each
 * datagram, then waited on with a selector. Used by the thread that owns the socket; {@link #close()} when it ends.
 */
final class PollingReceiver implements AutoCloseable {
    /** How long one wait blocks at most, so the thread looks at whether the node is closing. */
    private static final long WAIT_MILLIS = 100;

    private final DatagramChannel channel;
    private final ByteBuffer in;
    private final BusyPoll busyPoll;
    private final Selector selector;
    private final BusyPoll.Receive<SocketAddress> receiveOnce = this::receiveOnce;

    /** Switches {@code channel} to non-blocking; datagrams are received into {@code in}. */
    PollingReceiver(DatagramChannel channel, ByteBuffer in, BusyPoll busyPoll) throws IOException {
        this.channel = channel;
        this.in = in;
        this.busyPoll = busyPoll;
        this.selector = Selector.open();
        try {
            channel.configureBlocking(false);
            channel.register(selector, SelectionKey.OP_READ);
        } catch (IOException | RuntimeException e) {
            selector.close();
            throw e;
        }
    }

    private SocketAddress receiveOnce() throws IOException {
        in.clear();
        return channel.receive(in);
    }

    /**
     * The next datagram, in {@code in} (not flipped), and its sender: taken at once, within the busy poll, or after
     * a wait; null when a wait of {@value #WAIT_MILLIS} ms ended with none.
     */
    SocketAddress receive() throws IOException {
        SocketAddress from = receiveOnce();
        if (from == null) {
            from = busyPoll.poll(receiveOnce);
        }
        if (from == null) {
            selector.select(WAIT_MILLIS);
            selector.selectedKeys().clear();
            from = receiveOnce();
        }
        return from;
    }

    @Override
    public void close() throws IOException {
        selector.close();
    }
}
