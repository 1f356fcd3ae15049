package io.udpgraph.router;

import java.util.Arrays;

/**
 * A binary min-heap of packets by due time that also removes from the middle in O(log n), because a packet
 * held for reordering leaves early when enough datagrams pass it. Single-threaded: the loop thread only.
 */
final class TimerHeap {
    private Packet[] heap = new Packet[64];
    private int size;
    private long added;

    int size() {
        return size;
    }

    /** Due time of the earliest packet, or {@link Long#MAX_VALUE} when empty. */
    long nextDueNanos() {
        return size == 0 ? Long.MAX_VALUE : heap[0].dueNanos;
    }

    /** The earliest packet if it is due at {@code now}, removed; else null. */
    Packet pollDue(long now) {
        if (size == 0 || heap[0].dueNanos - now > 0) {
            return null;
        }
        Packet p = heap[0];
        removeAt(0);
        return p;
    }

    void add(Packet p) {
        if (size == heap.length) {
            heap = Arrays.copyOf(heap, size * 2);
        }
        heap[size] = p;
        p.heapIndex = size;
        p.timerOrder = added++;
        size++;
        up(size - 1);
    }

    /** Removes {@code p} if it is in the heap. */
    void remove(Packet p) {
        int i = p.heapIndex;
        if (i >= 0 && i < size && heap[i] == p) {
            removeAt(i);
        }
    }

    /** Removes and returns every packet, in no order, for shutdown. */
    Packet[] drain() {
        Packet[] out = Arrays.copyOf(heap, size);
        for (int i = 0; i < size; i++) {
            heap[i].heapIndex = -1;
            heap[i] = null;
        }
        size = 0;
        return out;
    }

    private void removeAt(int i) {
        Packet removed = heap[i];
        removed.heapIndex = -1;
        size--;
        if (i != size) {
            heap[i] = heap[size];
            heap[i].heapIndex = i;
            heap[size] = null;
            down(i);
            up(i);
        } else {
            heap[size] = null;
        }
    }

    /** Earlier due time first; equal due times leave in the order they were added. */
    private static boolean earlier(Packet a, Packet b) {
        long d = a.dueNanos - b.dueNanos;
        return d < 0 || (d == 0 && a.timerOrder < b.timerOrder);
    }

    private void up(int i) {
        Packet p = heap[i];
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            Packet q = heap[parent];
            if (!earlier(p, q)) {
                break;
            }
            heap[i] = q;
            q.heapIndex = i;
            i = parent;
        }
        heap[i] = p;
        p.heapIndex = i;
    }

    private void down(int i) {
        Packet p = heap[i];
        int half = size >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            int right = child + 1;
            if (right < size && earlier(heap[right], heap[child])) {
                child = right;
            }
            if (!earlier(heap[child], p)) {
                break;
            }
            heap[i] = heap[child];
            heap[i].heapIndex = i;
            i = child;
        }
        heap[i] = p;
        p.heapIndex = i;
    }
}
