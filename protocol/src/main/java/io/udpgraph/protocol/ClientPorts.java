package io.udpgraph.protocol;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

/**
 * The UDP port, or with a fresh port per request the rotating ports, that one {@link MqClient} sends from and
 * reads replies on. A used port is kept open, unread, for the next {@value #RETIRED_PORTS} requests, so the
 * system cannot hand its number to a new socket while a late reply to it may still come. Not thread-safe.
 */
final class ClientPorts implements AutoCloseable {
    /** Ports kept open (and unread) after use, so the system does not hand them out again while replies may come. */
    static final int RETIRED_PORTS = 8;

    private final InetSocketAddress server;
    private final boolean freshPortPerRequest;
    private final Selector selector;
    private DatagramChannel channel;
    private SelectionKey key;
    /** With a fresh port per request: the next request's channel, opened while the last one waited. */
    private DatagramChannel spare;
    /** False until the current channel carried a request; a fresh-port client then moves on to a new one. */
    private boolean channelUsed;
    private final ArrayDeque<DatagramChannel> retired = new ArrayDeque<>(RETIRED_PORTS + 1);
    /** Where stale replies go to be dropped (cut short, which drops the rest), so {@link #received} keeps its own. */
    private final ByteBuffer discarded = ByteBuffer.allocateDirect(64);
    private static final java.util.function.Consumer<SelectionKey> IGNORE_READY = key -> { };
    /** One byte more than a datagram can carry, so an oversized reply shows as one. */
    private final ByteBuffer received = ByteBuffer.allocateDirect(ProtocolLimits.MAX_DATAGRAM_BYTES + 1);
    private final BusyPoll busyPoll;
    /** One receive into {@link #received}, kept as an object so a busy poll allocates nothing. */
    private final BusyPoll.Receive<SocketAddress> receiveOnce = this::receiveOnce;

    ClientPorts(InetSocketAddress server, boolean freshPortPerRequest, BusyPoll busyPoll) throws IOException {
        this.server = server;
        this.freshPortPerRequest = freshPortPerRequest;
        this.busyPoll = busyPoll;
        try {
            this.selector = Selector.open();
        } catch (IOException e) {
            throw new MqException("cannot open a selector for a UDP client of " + HostPort.of(server) + ": "
                    + e.getMessage(), e);
        }
        try {
            openChannel();
        } catch (IOException | RuntimeException e) {
            selector.close();
            throw e;
        }
    }

    private void openChannel() throws IOException {
        channel = newChannel();
        key = channel.keyFor(selector);
        channelUsed = false;
    }

    private DatagramChannel newChannel() throws IOException {
        DatagramChannel ch = DatagramChannel.open();
        try {
            ch.configureBlocking(false);
            ch.connect(server);
            ch.register(selector, SelectionKey.OP_READ);
            return ch;
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw new MqException("cannot open a UDP socket towards " + HostPort.of(server) + ": " + e.getMessage(), e);
        }
    }

    /** The local address replies come back to. */
    InetSocketAddress localAddress() throws IOException {
        return (InetSocketAddress) channel.getLocalAddress();
    }

    /**
     * Readies a port for the next attempt: a new one when every request gets its own, else the same one with
     * whatever waits in it dropped (replies to requests that timed out, the second reply to a duplicated request).
     */
    void beforeRequest() throws IOException {
        if (freshPortPerRequest && channelUsed) {
            renewChannel();
        } else {
            discardStaleReplies();
        }
        channelUsed = true;
    }

    /** Sends one datagram (its remaining bytes) to the node. */
    void send(ByteBuffer datagram) throws IOException {
        try {
            channel.write(datagram);
        } catch (PortUnreachableException e) {
            throw unreachable();
        }
    }

    /**
     * Opens the port the next request will use while this one's reply is on its way, so that the tens of
     * microseconds a new socket costs overlap the round trip instead of adding to it.
     */
    void prepareSpare() {
        if (freshPortPerRequest && spare == null) {
            try {
                spare = newChannel();
            } catch (IOException e) {
                // the next request opens its own, and reports the failure if it persists
            }
        }
    }

    private void renewChannel() throws IOException {
        DatagramChannel old = channel;
        SelectionKey oldKey = key;
        if (spare != null) {
            channel = spare;
            key = channel.keyFor(selector);
            channelUsed = false;
            spare = null;
        } else {
            openChannel();
        }
        oldKey.cancel();
        retired.addLast(old);
        if (retired.size() > RETIRED_PORTS) {
            closeQuietly(retired.removeFirst());
        }
    }

    /** The datagram the last successful {@link #await} received, ready to read. */
    ByteBuffer received() {
        return received;
    }

    private SocketAddress receiveOnce() throws IOException {
        received.clear();
        return channel.receive(received);
    }

    /**
     * Waits until a datagram is in {@link #received()} (true) or the deadline, in nanoTime, has passed; polls for
     * the {@link BusyPoll} time before it blocks.
     */
    boolean await(long deadline) throws IOException {
        while (true) {
            received.clear();
            try {
                if (channel.receive(received) != null) {
                    received.flip();
                    return true;
                }
            } catch (PortUnreachableException e) {
                throw unreachable();
            }
            long leftNs = deadline - System.nanoTime();
            if (leftNs <= 0) {
                return false;
            }
            try {
                if (busyPoll.poll(receiveOnce) != null) {
                    received.flip();
                    return true;
                }
            } catch (PortUnreachableException e) {
                throw unreachable();
            }
            // select's unit is the millisecond; round up so the last fraction is waited too
            // with an action, no ready key is added to a set: a wait allocates nothing
            selector.select(IGNORE_READY, Math.max(1, TimeUnit.NANOSECONDS.toMillis(leftNs + 999_999)));
        }
    }

    private void discardStaleReplies() throws IOException {
        try {
            while (channel.receive(discarded.clear()) != null) {
                // dropped: the last reply stays readable in received() until the next await
            }
        } catch (PortUnreachableException e) {
            // an earlier request met a closed port; the next send reports it if it is still closed
        }
    }

    /**
     * Sends a zero-length datagram from a socket of its own (a connected one skips the system call for it) and
     * returns the reply, or null when none came before the deadline (in nanoTime).
     */
    byte[] sendEmpty(long deadline) throws IOException {
        try (DatagramChannel ch = DatagramChannel.open(); Selector s = Selector.open()) {
            ch.configureBlocking(false);
            ch.register(s, SelectionKey.OP_READ);
            ch.send(ByteBuffer.allocate(0), server);
            ByteBuffer in = ByteBuffer.allocate(ProtocolLimits.MAX_DATAGRAM_BYTES + 1);
            while (true) {
                in.clear();
                if (server.equals(ch.receive(in))) {
                    in.flip();
                    byte[] out = new byte[in.remaining()];
                    in.get(out);
                    return out;
                }
                long leftMs = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (leftMs <= 0) {
                    return null;
                }
                s.select(leftMs);
                s.selectedKeys().clear();
            }
        }
    }

    /** The error for an ICMP port unreachable: nothing listens at the node's address. */
    MqException unreachable() {
        return new MqException("nothing listens at " + HostPort.of(server)
                + " (ICMP port unreachable): start a queue node there or check the address");
    }

    private static void closeQuietly(DatagramChannel ch) {
        try {
            ch.close();
        } catch (IOException e) {
            // a datagram socket has nothing to flush; closing it cannot lose anything
        }
    }

    @Override
    public void close() throws IOException {
        try {
            selector.close();
        } finally {
            for (DatagramChannel ch : retired) {
                closeQuietly(ch);
            }
            retired.clear();
            if (spare != null) {
                closeQuietly(spare);
            }
            channel.close();
        }
    }
}
