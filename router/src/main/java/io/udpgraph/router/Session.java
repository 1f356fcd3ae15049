package io.udpgraph.router;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.util.ArrayList;

/**
 * One client of the router: its address, and the upstream socket that speaks for it, so the upstream's
 * replies come back on a socket that knows whom they are for. The socket is never connected, because a
 * connected DatagramChannel silently drops empty datagrams on send, and the router must pass every datagram
 * as it came; replies from anywhere but an upstream are ignored as strays. Single-threaded: the loop
 * thread only.
 */
final class Session {
    final InetSocketAddress client;
    final DatagramChannel channel;
    /** The upstream this client always uses (one upstream, or client-hash), or null for round-robin. */
    final InetSocketAddress fixedUpstream;
    SelectionKey key;
    long lastActiveNanos;
    /** When the oldest request not yet followed by a reply went up, or -1: its reply may be on its way. */
    long awaitingSinceNanos = -1;
    int lastVerb = VerbSniffer.MALFORMED;
    boolean closed;
    /** Datagrams held for reordering, per direction, in arrival order. */
    final ArrayList<Packet> heldUp = new ArrayList<>(0);
    final ArrayList<Packet> heldDown = new ArrayList<>(0);

    Session(InetSocketAddress client, DatagramChannel channel, InetSocketAddress fixedUpstream) {
        this.client = client;
        this.channel = channel;
        this.fixedUpstream = fixedUpstream;
    }

    /** Sends towards the upstream {@code target}; returns false when the kernel took nothing. */
    boolean sendUp(ByteBuffer data, InetSocketAddress target) throws IOException {
        int n = data.remaining();
        return channel.send(data, target) == n;
    }

    ArrayList<Packet> held(Direction way) {
        return way == Direction.UP ? heldUp : heldDown;
    }

    @Override
    public String toString() {
        return "session of " + client;
    }
}
