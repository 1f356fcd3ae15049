package io.udpgraph.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;

/**
 * A bare UDP echo: one thread blocking on one {@link DatagramChannel} with a reused direct buffer, sending
 * every datagram back as it came. The ceiling a request/reply node can reach on this machine; start it, point
 * the load generator at {@link #address()}, {@link #close()} it.
 */
public final class EchoServer implements AutoCloseable {
    private final DatagramChannel channel;
    private final Thread thread;
    private volatile boolean closed;

    private EchoServer(DatagramChannel channel) {
        this.channel = channel;
        this.thread = new Thread(this::run, "echo");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Binds {@code host:port} (port 0 picks a free one) and starts echoing; returns once bound. */
    public static EchoServer start(String host, int port) throws IOException {
        DatagramChannel channel = DatagramChannel.open();
        try {
            channel.setOption(StandardSocketOptions.SO_RCVBUF, 4 * 1024 * 1024);
            channel.setOption(StandardSocketOptions.SO_SNDBUF, 4 * 1024 * 1024);
            channel.bind(new InetSocketAddress(host, port));
        } catch (IOException e) {
            channel.close();
            throw new IOException("cannot bind the echo to UDP " + host + ":" + port + ": " + e.getMessage()
                    + " (choose another --port, or 0 for any free one)", e);
        }
        return new EchoServer(channel);
    }

    private void run() {
        ByteBuffer buf = ByteBuffer.allocateDirect(65_536);
        while (!closed) {
            try {
                buf.clear();
                SocketAddress from = channel.receive(buf);
                buf.flip();
                channel.send(buf, from);
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                // A send to a client that went away fails (ICMP unreachable); the echo goes on.
            }
        }
    }

    /** Where it listens. */
    public InetSocketAddress address() throws IOException {
        return (InetSocketAddress) channel.getLocalAddress();
    }

    /** Stops echoing and releases the socket. */
    @Override
    public void close() throws IOException {
        closed = true;
        channel.close();
        try {
            thread.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
