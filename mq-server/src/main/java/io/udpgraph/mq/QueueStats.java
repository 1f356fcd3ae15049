package io.udpgraph.mq;

/**
 * A queue node's counts at one moment, as {@code STATS} reports them: visible and leased messages, those
 * dead-lettered and deduplicated so far, bytes held, and the message capacity.
 */
public record QueueStats(long visible, long leased, long deadLettered, long deduplicated, long bytes, long capacity) {
}
