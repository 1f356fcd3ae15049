package io.udpgraph.mq;

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

    void set(long seq, int deliveries, long location, BodyChunks chunks) {
        this.seq = seq;
        this.deliveries = deliveries;
        this.location = location;
        this.bodyLength = chunks.bodyLength(location);
        this.idLength = chunks.idLength(location);
        this.putNanos = chunks.putNanos(location);
    }
}
