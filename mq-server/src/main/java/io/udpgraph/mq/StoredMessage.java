package io.udpgraph.mq;

/**
 * A message taken out of the store as heap objects, for the rare paths that hand one on (a dead letter to
 * forward): its sequence number, the producer's id from {@code PUTID} or {@code null}, its bytes, its put
 * time and how often it was leased. Stored messages themselves live off the heap, in {@link BodyChunks}.
 */
final class StoredMessage {
    final long seq;
    final String producerId;
    final byte[] body;
    final long putNanos;
    final int deliveries;

    StoredMessage(long seq, String producerId, byte[] body, long putNanos, int deliveries) {
        this.seq = seq;
        this.producerId = producerId;
        this.body = body;
        this.putNanos = putNanos;
        this.deliveries = deliveries;
    }
}
