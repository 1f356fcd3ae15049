package io.udpgraph.mq.log;

/**
 * A producer id the log still remembers at open, of a live message or of one that left within the id retention:
 * feed it to the node's dedup window so a repeat after a restart is recognised.
 *
 * @param seq              the sequence number of the message that carried it
 * @param enqueuedAtMillis when that message was accepted
 * @param messageId        the id bytes (never empty); {@code equals} compares it by identity, as records do
 */
public record RecoveredId(long seq, long enqueuedAtMillis, byte[] messageId) {
}
