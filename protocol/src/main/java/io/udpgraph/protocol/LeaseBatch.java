package io.udpgraph.protocol;

import java.nio.ByteBuffer;

/**
 * The grants of one LEASE reply, each read once: its lease id, delivery count and where its body lies in the reply
 * buffer, in primitive arrays, so a drain writes the bodies on from the reply and acknowledges the ids without an
 * object per grant. Filled by {@link #read}; valid until the reply buffer is reused (the client's next request).
 * Not thread-safe.
 */
public final class LeaseBatch {
    private final LeaseIds ids = new LeaseIds();
    private int[] deliveries = new int[16];
    private int[] bodyStarts = new int[16];
    private int[] bodyLengths = new int[16];
    private ByteBuffer buffer;

    /**
     * Reads frames {@code from} to the last of {@code reply} as grants; false, leaving the batch incomplete, at the
     * first frame that is not one.
     */
    boolean read(ReplyReader reply, int from) {
        clear();
        buffer = reply.buffer();
        for (int k = from; k < reply.frames(); k++) {
            if (!reply.readLease(k)) {
                return false;
            }
            int i = ids.size();
            if (i == deliveries.length) {
                deliveries = java.util.Arrays.copyOf(deliveries, 2 * i);
                bodyStarts = java.util.Arrays.copyOf(bodyStarts, 2 * i);
                bodyLengths = java.util.Arrays.copyOf(bodyLengths, 2 * i);
            }
            ids.add(reply.leaseSequence(), reply.leaseTag());
            deliveries[i] = reply.deliveries();
            bodyStarts[i] = reply.leaseBodyStart();
            bodyLengths[i] = reply.leaseBodyLength();
        }
        return true;
    }

    /** Empties the batch (a reply with no grants). */
    void clear() {
        ids.clear();
    }

    /** Grants in the batch. */
    public int size() {
        return ids.size();
    }

    /** Their lease ids, in the order granted: what to ACK or NACK. */
    public LeaseIds ids() {
        return ids;
    }

    /** The delivery count of grant {@code i}. */
    public int deliveries(int i) {
        return deliveries[i];
    }

    /** The buffer the bodies lie in (the client's reply buffer). */
    public ByteBuffer buffer() {
        return buffer;
    }

    /** Absolute index in {@link #buffer()} of grant {@code i}'s body: write it from there, uncopied. */
    public int bodyStart(int i) {
        return bodyStarts[i];
    }

    /** Byte length of grant {@code i}'s body. */
    public int bodyLength(int i) {
        return bodyLengths[i];
    }
}
