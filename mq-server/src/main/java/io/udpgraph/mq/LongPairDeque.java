package io.udpgraph.mq;

import java.util.Arrays;

/**
 * A double-ended queue of (long, long) pairs in one growing array, so the messages waiting for redelivery
 * cost 16 bytes each and no object. Single-threaded: its owner guards it.
 */
final class LongPairDeque {
    private long[] slots = new long[32];
    private int first;
    private int size;

    boolean isEmpty() {
        return size == 0;
    }

    int size() {
        return size;
    }

    void addFirst(long a, long b) {
        growIfFull();
        first = (first - 2) & (slots.length - 1);
        slots[first] = a;
        slots[first + 1] = b;
        size++;
    }

    void addLast(long a, long b) {
        growIfFull();
        int at = (first + 2 * size) & (slots.length - 1);
        slots[at] = a;
        slots[at + 1] = b;
        size++;
    }

    long firstA() {
        return slots[first];
    }

    long firstB() {
        return slots[first + 1];
    }

    void removeFirst() {
        first = (first + 2) & (slots.length - 1);
        size--;
    }

    /** Bytes its array takes. */
    long footprintBytes() {
        return 8L * slots.length;
    }

    private void growIfFull() {
        if (2 * size < slots.length) {
            return;
        }
        long[] grown = new long[slots.length * 2];
        int tailPart = Math.min(2 * size, slots.length - first);
        System.arraycopy(slots, first, grown, 0, tailPart);
        System.arraycopy(slots, 0, grown, tailPart, 2 * size - tailPart);
        slots = grown;
        first = 0;
    }
}
