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
        // The whole reply under the store's lock: its one cursor is then ours, and bodies are copied from their
        // chunk straight into the reply, which must happen before a GET's removal can give the chunk back.
        store.lock();
        try {
            return fillLocked(out, lease, max, leaseNanos, reserve);
        } finally {
            store.unlock();
        }
    }

    private int fillLocked(ReplyWriter out, boolean lease, int max, long leaseNanos, int reserve) {
        int got = 0;
        long now = 0;
        while (got < max) {
            TakenMessage m = store.poll();
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
            int deliveries = m.deliveries + 1;
            int length = lease
                    ? ReplyWriter.leaseTextLength(m.seq, deliveries, m.idLength, m.bodyLength)
                    : m.bodyLength;
            if (!out.fits(length, reserve)) {
                int bodyLength = m.bodyLength;
                store.pushBack(m);
                return got == 0 ? -(bodyLength + 1) : got;
            }
            int mark = out.length();
            if (lease) {
                store.writeLease(out, m, deliveries, tokens.tag(m.seq));
            } else {
                store.writeMessage(out, m);
            }
            long putNanos = m.putNanos;
            if (!record(m, lease, leaseNanos, now)) {
                out.truncate(mark);
                store.pushBack(m);
                return got == 0 ? NOT_RECORDED : got;
            }
            if (lease) {
                if (deliveries == 1) {
                    metrics.waited(putNanos, Math.max(now, putNanos));
                }
                metrics.leases.increment();
            } else {
                metrics.waited(putNanos, Math.max(now, putNanos));
                metrics.gets.increment();
            }
            got++;
        }
        return got;
    }

    /** Leases or consumes the message in the store and its journal; false, changing nothing, when the journal failed. */
    private boolean record(TakenMessage m, boolean lease, long leaseNanos, long now) {
        try {
            if (lease) {
                store.lease(m, leaseNanos, now);
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
