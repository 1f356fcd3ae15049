package io.udpgraph.router;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * A datagram on its way out: its bytes and where it goes. The loop's current datagram borrows the receive
 * buffer; one the router holds for later (delayed, held for reordering, queued by a rate limit) owns a
 * pooled heap buffer. Owned by the router's loop thread only.
 */
final class Packet {
    static final int DELAYED = 1;
    static final int HELD = 2;
    static final int QUEUED = 3;

    private ByteBuffer own = ByteBuffer.allocate(256);
    private ByteBuffer data = own;
    boolean borrowed;
    int length;
    Session session;
    Direction way;
    InetSocketAddress target;
    int copies;
    int behind;
    long seq;
    int verb;
    /** Messages (frames) the datagram carries, for the counters: at least 1. */
    int messages;
    int stage;
    long dueNanos;
    int heapIndex = -1;
    long timerOrder;

    /** Points at a buffer holding the datagram at 0..length without copying it. */
    void borrow(ByteBuffer received, int n) {
        data = received;
        borrowed = true;
        length = n;
    }

    /** Takes a copy of {@code src}'s bytes and destination into this packet's own buffer. */
    void copyOf(Packet src) {
        int n = src.length;
        if (own.capacity() < n) {
            own = ByteBuffer.allocate(Math.max(n, own.capacity() * 2));
        }
        own.clear();
        own.put(0, src.buffer(), 0, n);
        data = own;
        borrowed = false;
        length = n;
        session = src.session;
        way = src.way;
        target = src.target;
        copies = src.copies;
        behind = src.behind;
        seq = src.seq;
        verb = src.verb;
        messages = src.messages;
    }

    /** The bytes at 0..length, ready to send. */
    ByteBuffer buffer() {
        data.clear().limit(length);
        return data;
    }

    /** Bytes this packet keeps allocated while pooled. */
    int capacity() {
        return own.capacity();
    }

    void clear() {
        data = own;
        borrowed = false;
        session = null;
        target = null;
        way = null;
        stage = 0;
        heapIndex = -1;
        behind = 0;
        length = 0;
    }
}
