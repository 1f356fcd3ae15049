package io.udpgraph.mq.log;

/**
 * A message that was live in the log at open: load it into the queue with its sequence number and count.
 * The arrays belong to the caller; {@code equals} compares them by identity, as records do.
 *
 * @param seq              the queue's sequence number of the message
 * @param enqueuedAtMillis when the PUT was accepted, as the node recorded it
 * @param messageId        the producer's id bytes, or {@code null} when the PUT had none
 * @param body             the message bytes
 * @param deliveries       how many times a lease handed it out (0 when never)
 */
public record RecoveredMessage(long seq, long enqueuedAtMillis, byte[] messageId, byte[] body, int deliveries) {
}
