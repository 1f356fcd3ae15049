package io.udpgraph.mq;

/**
 * The end of one lease: a lease is told from the message's next one by its delivery count, so a deadline left
 * over from a lease that already ended finds nothing to end.
 */
final class LeaseEnd extends Deadline {
    private final QueueStore store;
    private final long seq;
    private final int deliveries;

    LeaseEnd(QueueStore store, long seq, int deliveries, long atNanos) {
        super(atNanos);
        this.store = store;
        this.seq = seq;
        this.deliveries = deliveries;
    }

    /** Called with the store's lock held. */
    boolean ended() {
        return !store.inLease(seq, deliveries);
    }

    @Override
    void fire() {
        store.endLease(seq, deliveries);
    }
}
