package io.udpgraph.mq;

import io.udpgraph.mq.log.LongLongMap;
import java.util.concurrent.DelayQueue;
import java.util.function.Consumer;

/**
 * The leased messages of a {@link QueueStore}: each one's record (where its body is and the delivery that leased
 * it) by sequence number, and when each lease ends. A record packs a location and a delivery count into one
 * long, as the store's queue of handed-back messages does too.
 *
 * <p>Not thread-safe: the store guards it with its lock.
 */
final class LeaseTable {
    /** Delivery counts past this many are kept as this many (a record packs it beside the location). */
    static final int MAX_COUNTED_DELIVERIES = (1 << 23) - 1;
    private static final int LOCATION_BITS = 40;

    private final LongLongMap records = new LongLongMap(16);
    /** When each lease ends; the housekeeping thread ends them when the one timer they queue fires. */
    private final LeaseDeadlines ends;

    /** {@code onDue} runs on the housekeeping thread when the lease timer queued on {@code queue} fires. */
    LeaseTable(DelayQueue<Deadline> queue, Consumer<Deadline> onDue) {
        this.ends = new LeaseDeadlines(queue, onDue);
    }

    static long pack(long location, int deliveries) {
        return ((long) deliveries << LOCATION_BITS) | location;
    }

    static long location(long packed) {
        return packed & ((1L << LOCATION_BITS) - 1);
    }

    static int deliveries(long packed) {
        return (int) (packed >>> LOCATION_BITS);
    }

    /** Leases {@code seq} until {@code endNanos} as its delivery number {@code deliveries}. */
    void add(long seq, long location, int deliveries, long endNanos) {
        records.put(seq, pack(location, deliveries));
        ends.add(endNanos, seq, deliveries);
    }

    /** The record of {@code seq}'s lease, or -1 when it is not leased. */
    long get(long seq) {
        return records.get(seq, -1);
    }

    /** The record of {@code seq} if its lease counted {@code deliveries} (any lease when negative), else -1. */
    long inForce(long seq, int deliveries) {
        long packed = records.get(seq, -1);
        return packed < 0 || (deliveries >= 0 && deliveries(packed) != deliveries) ? -1 : packed;
    }

    /** The lease of {@code seq} is over (its end, if still scheduled, will find nothing to end). */
    void remove(long seq) {
        records.remove(seq);
    }

    /** Ends, through {@code ender}, the leases due when the lease timer {@code fired}; true when any message is visible again. */
    boolean endDue(Deadline fired, long nowNanos, LeaseDeadlines.Ender ender) {
        return ends.endDue(fired, nowNanos, ender);
    }

    /**
     * Drops the scheduled ends of leases that ended early (ACK, NACK) once they outnumber the {@code leased} in
     * force, so a stream of short-lived leases with long lease times cannot pile up memory; true when it did.
     */
    boolean dropEndedEarly(long leased) {
        if (ends.size() <= 2 * leased + 1024) {
            return false;
        }
        ends.retainIf((seq, deliveries) -> inForce(seq, deliveries) >= 0);
        return true;
    }

    /** Lease ends scheduled, those of leases that ended early included. */
    int scheduledEnds() {
        return ends.size();
    }

    long footprintBytes() {
        return records.footprintBytes() + ends.footprintBytes();
    }
}
