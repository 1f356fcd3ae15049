package io.udpgraph.mq;

/**
 * One message in a queue node: its sequence number (the lease id clients see), the producer's id from
 * {@code PUTID} or {@code null}, its UTF-8 bytes as they arrived, and how often it has been leased. Only the
 * thread that holds it (took it from the store) changes {@link #deliveries}; the store's queues and maps
 * publish the change to the next holder.
 */
final class StoredMessage {
    final long seq;
    final String producerId;
    final byte[] body;
    final long putNanos;
    int deliveries;

    StoredMessage(long seq, String producerId, byte[] body, long putNanos, int deliveries) {
        this.seq = seq;
        this.producerId = producerId;
        this.body = body;
        this.putNanos = putNanos;
        this.deliveries = deliveries;
    }
}
