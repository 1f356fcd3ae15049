package io.udpgraph.protocol;

import java.util.Arrays;

/**
 * A list of lease ids as two primitive arrays (sequence numbers and tags), for a consumer that acknowledges
 * hundreds of grants per request: adding one allocates nothing once the arrays are large enough, where a
 * {@link LeaseId} per grant would. {@link RequestWriter#ack(LeaseIds)} writes it. Not thread-safe.
 */
public final class LeaseIds {
    private long[] sequences;
    private long[] tags;
    private int size;

    /** An empty list. */
    public LeaseIds() {
        this(16);
    }

    private LeaseIds(int capacity) {
        sequences = new long[capacity];
        tags = new long[capacity];
    }

    /** The ids of {@code ids}, in order. */
    public static LeaseIds of(LeaseId... ids) {
        LeaseIds out = new LeaseIds(Math.max(1, ids.length));
        for (LeaseId id : ids) {
            out.add(id.sequence(), id.tag());
        }
        return out;
    }

    /** Appends the id {@code <sequence>.<tag>}. */
    public void add(long sequence, long tag) {
        if (size == sequences.length) {
            sequences = Arrays.copyOf(sequences, 2 * size);
            tags = Arrays.copyOf(tags, 2 * size);
        }
        sequences[size] = sequence;
        tags[size++] = tag;
    }

    /** Appends every id of {@code other}. */
    public void addAll(LeaseIds other) {
        for (int i = 0; i < other.size; i++) {
            add(other.sequences[i], other.tags[i]);
        }
    }

    /** Empties the list, keeping its arrays. */
    public void clear() {
        size = 0;
    }

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    /** The sequence number of the {@code i}-th id. */
    public long sequence(int i) {
        return sequences[i];
    }

    /** The tag of the {@code i}-th id. */
    public long tag(int i) {
        return tags[i];
    }

    /** The ids as values. */
    public LeaseId[] toArray() {
        LeaseId[] out = new LeaseId[size];
        for (int i = 0; i < size; i++) {
            out[i] = new LeaseId(sequences[i], tags[i]);
        }
        return out;
    }
}
