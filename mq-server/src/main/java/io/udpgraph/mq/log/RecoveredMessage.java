package io.udpgraph.mq.log;

/**
 * A message that was live in the log at open: load it into the queue with its sequence number and count.
 * The arrays belong to the caller; {@code equals} compares them by identity, as records do.
 *
 * @param seq              the queue's sequence number of the message
 * @param enqueuedAtMillis when the PUT was accepted, as the node recorded it
 * @param messageId        the producer's id bytes, or {@code null} when the PUT had none
 * @param body             the message bytes, or {@code null} from a log opened to keep only its index (the node
 *                         reads the body back with {@link SegmentedLog#readPut} when it delivers the message)
 * @param bodyLength       the length of the body
 * @param deliveries       how many times a lease handed it out (0 when never)
 */
public record RecoveredMessage(long seq, long enqueuedAtMillis, byte[] messageId, byte[] body, int bodyLength,
                               int deliveries) {
    /** A message recovered with its body. */
    public RecoveredMessage(long seq, long enqueuedAtMillis, byte[] messageId, byte[] body, int deliveries) {
        this(seq, enqueuedAtMillis, messageId, body, body.length, deliveries);
    }
}
