package io.udpgraph.mq;

import io.udpgraph.protocol.ReplyWriter;
import java.io.IOException;

/**
 * Moves visible messages into a reply, as GET or LEASE frames, as many as asked for and as fit. Shared by
 * the receiving threads and the long-poll server; stateless apart from the store and meters it writes to. Writes
 * each lease id with its tag ({@link LeaseTokens}) and is where an ACK's or NACK's id is checked against it.
 */
final class Delivery {
    /** What {@link #fill} returns when the journal could not record taking the first message: nothing was taken. */
    static final int NOT_RECORDED = Integer.MIN_VALUE;
    private final QueueStore store;
    private final QueueMetrics metrics;
    private final LeaseTokens tokens;

    Delivery(QueueStore store, QueueMetrics metrics, LeaseTokens tokens) {
        this.store = store;
        this.metrics = metrics;
        this.tokens = tokens;
    }

    /** True when this node handed out the lease id {@code <sequence>.<tag>} (in this process); settled or not. */
    boolean handedOut(long sequence, long tag) {
        return tokens.valid(sequence, tag);
    }

    /**
     * Writes up to {@code max} messages into {@code out}, leaving {@code reserve} bytes free; leases them for
     * {@code leaseNanos} when {@code lease}, else removes them. Returns how many it wrote, 0 when none was
     * visible, or {@code -(bytes + 1)} when the first one (of that many bytes) did not fit: it stays first, or
     * {@link #NOT_RECORDED} when the journal could not record taking the first one: it stays first. A message whose
     * removal or lease the journal cannot record is never delivered; the reply ends before it.
     */
    int fill(ReplyWriter out, boolean lease, int max, long leaseNanos, int reserve) {
        int got = 0;
        long now = 0;
        while (got < max) {
            StoredMessage m = store.poll();
            if (m == null) {
                break;
            }
            if (got == 0) {
                // Read the clock after the first poll, not before: another thread may store a message between the
                // two, and a wait measured from before its PUT would be negative, which the timer drops. Later
                // messages of the same reply can still be that young, hence the max below. An empty GET reads
                // no clock at all.
                now = System.nanoTime();
            }
            int length = lease
                    ? ReplyWriter.leaseTextLength(m.seq, m.deliveries + 1, m.producerId, m.body.length)
                    : m.body.length;
            if (!out.fits(length, reserve)) {
                store.pushBack(m, false);
                return got == 0 ? -(m.body.length + 1) : got;
            }
            if (!record(m, lease, leaseNanos)) {
                store.pushBack(m, false);
                return got == 0 ? NOT_RECORDED : got;
            }
            if (lease) {
                if (m.deliveries == 1) {
                    metrics.waited(m, Math.max(now, m.putNanos));
                }
                out.lease(m.seq, tokens.tag(m.seq), m.deliveries, m.producerId, m.body);
                metrics.leases.increment();
            } else {
                metrics.waited(m, Math.max(now, m.putNanos));
                out.message(m.body);
                metrics.gets.increment();
            }
            got++;
        }
        return got;
    }

    /** Leases or consumes the message in the store and its journal; false, changing nothing, when the journal failed. */
    private boolean record(StoredMessage m, boolean lease, long leaseNanos) {
        try {
            if (lease) {
                store.lease(m, leaseNanos);
            } else {
                store.consume(m);
            }
            return true;
        } catch (IOException e) {
            store.journalFailed(e);
            return false;
        }
    }
}
