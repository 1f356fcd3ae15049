package io.udpgraph.mq;

import java.util.concurrent.DelayQueue;
import java.util.function.Consumer;

/**
 * When each lease ends: a binary min-heap of (end time, sequence number, delivery count) in three primitive arrays,
 * so scheduling a lease costs no object. Leases of one lease time are added in the order they end, so adding one
 * moves nothing; a lease that ended early (ACK, NACK) stays until its time comes or {@link #retainIf} drops it, and
 * its delivery count tells it from the message's next lease. One {@link Deadline} at a time, for the earliest end,
 * waits in the housekeeping thread's queue and hands itself to {@code onDue} when it fires, for the owner to call
 * {@link #endDue}. Single-threaded: its owner guards it with a lock (the timer fires on the housekeeping thread,
 * which takes that lock).
 */
final class LeaseDeadlines {
    /** Leases one {@link #endDue} ends, so the receiving threads never wait long for their owner's lock. */
    static final int MAX_ENDS_PER_TURN = 4096;

    /** Says whether the lease of {@code seq} counted {@code deliveries} is still in force. */
    interface InForce {
        boolean test(long seq, int deliveries);
    }

    /** Ends the lease of {@code seq} if it is the one that counted {@code deliveries}; true when a message became visible. */
    interface Ender {
        boolean end(long seq, int deliveries);
    }

    private long[] ends = new long[64];
    private long[] seqs = new long[64];
    private int[] deliveries = new int[64];
    private int size;
    private final DelayQueue<Deadline> queue;
    private final Consumer<Deadline> onDue;
    /** The timer queued for the earliest end, or null when none is. */
    private Deadline timer;

    LeaseDeadlines(DelayQueue<Deadline> queue, Consumer<Deadline> onDue) {
        this.queue = queue;
        this.onDue = onDue;
    }

    int size() {
        return size;
    }


    /** Schedules the end of the lease of {@code seq} that counted {@code delivery}. */
    void add(long endNanos, long seq, int delivery) {
        if (size == ends.length) {
            ends = java.util.Arrays.copyOf(ends, size * 2);
            seqs = java.util.Arrays.copyOf(seqs, size * 2);
            deliveries = java.util.Arrays.copyOf(deliveries, size * 2);
        }
        set(size, endNanos, seq, delivery);
        siftUp(size++);
        if (timer == null || endNanos - timer.atNanos < 0) {
            queueTimer(endNanos);
        }
    }

    /**
     * The timer {@code fired}: hands each entry due by {@code nowNanos} to {@code ender}, at most
     * {@link #MAX_ENDS_PER_TURN} of them (the rest with the next timer, queued due), and queues the timer for the
     * next end. Returns true when {@code ender} made any message visible.
     */
    boolean endDue(Deadline fired, long nowNanos, Ender ender) {
        if (timer == fired) {
            timer = null;
        }
        boolean visible = false;
        for (int n = 0; n < MAX_ENDS_PER_TURN && size > 0 && ends[0] - nowNanos <= 0; n++) {
            long seq = seqs[0];
            int delivery = deliveries[0];
            removeFirst();
            visible |= ender.end(seq, delivery);
        }
        scheduleTimer();
        return visible;
    }

    /** Queues a timer for the earliest end unless one for it, or earlier, is queued already. */
    private void scheduleTimer() {
        if (size > 0 && (timer == null || ends[0] - timer.atNanos < 0)) {
            queueTimer(ends[0]);
        }
    }

    private void queueTimer(long atNanos) {
        if (timer != null) {
            queue.remove(timer); // the queue holds only parked long polls besides it
        }
        timer = new Deadline(atNanos) {
            @Override
            void fire() {
                onDue.accept(this);
            }
        };
        queue.add(timer);
    }

    private void removeFirst() {
        size--;
        if (size > 0) {
            set(0, ends[size], seqs[size], deliveries[size]);
            siftDown(0);
        }
    }

    /** Keeps only the entries {@code inForce} accepts (the leases that have not ended yet), in O(size). */
    void retainIf(InForce inForce) {
        int kept = 0;
        for (int i = 0; i < size; i++) {
            if (inForce.test(seqs[i], deliveries[i])) {
                set(kept++, ends[i], seqs[i], deliveries[i]);
            }
        }
        size = kept;
        for (int i = size / 2 - 1; i >= 0; i--) {
            siftDown(i);
        }
    }

    /** Bytes its arrays take. */
    long footprintBytes() {
        return 20L * ends.length;
    }

    private void set(int i, long end, long seq, int delivery) {
        ends[i] = end;
        seqs[i] = seq;
        deliveries[i] = delivery;
    }

    private void siftUp(int i) {
        long end = ends[i];
        long seq = seqs[i];
        int delivery = deliveries[i];
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (ends[parent] - end <= 0) {
                break;
            }
            set(i, ends[parent], seqs[parent], deliveries[parent]);
            i = parent;
        }
        set(i, end, seq, delivery);
    }

    private void siftDown(int i) {
        long end = ends[i];
        long seq = seqs[i];
        int delivery = deliveries[i];
        int half = size >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            int right = child + 1;
            if (right < size && ends[right] - ends[child] < 0) {
                child = right;
            }
            if (end - ends[child] <= 0) {
                break;
            }
            set(i, ends[child], seqs[child], deliveries[child]);
            i = child;
        }
        set(i, end, seq, delivery);
    }
}
