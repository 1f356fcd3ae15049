package io.udpgraph.mq;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The message a reply is being filled with: where its record is and what a GET or LEASE frame says of it.
 * One per store, reused for every message, so taking one allocates nothing; valid while the store's lock is
 * held and until the message is consumed, leased or pushed back.
 */
final class TakenMessage {
    long seq;
    int deliveries;
    long location;
    int bodyLength;
    int idLength;
    long putNanos;
    /** Holds the producer id at {@code idOffset}, then the body. */
    ByteBuffer buffer;
    int idOffset;

    void set(long seq, int deliveries, long location, int bodyLength, int idLength, long putNanos, ByteBuffer buffer,
             int idOffset) {
        this.seq = seq;
        this.deliveries = deliveries;
        this.location = location;
        this.bodyLength = bodyLength;
        this.idLength = idLength;
        this.putNanos = putNanos;
        this.buffer = buffer;
        this.idOffset = idOffset;
    }

    int bodyOffset() {
        return idOffset + idLength;
    }

    /** A heap copy of the body (PEEK, dead letters: rare paths). */
    byte[] body() {
        byte[] body = new byte[bodyLength];
        buffer.get(bodyOffset(), body);
        return body;
    }

    /** The producer id, or null when the message had none. */
    String producerId() {
        if (idLength == 0) {
            return null;
        }
        byte[] id = new byte[idLength];
        buffer.get(idOffset, id);
        return new String(id, StandardCharsets.US_ASCII);
    }
}
