package io.udpgraph.mq.log;

/**
 * An open-addressing map from non-negative long keys to long values that allocates only when it grows, so
 * the append path can keep its index without garbage (the queue store keeps its leases in one too).
 * Single-threaded: its owner guards it with a lock.
 */
public final class LongLongMap {
    private static final long EMPTY = -1;
    private static final double LOAD = 0.6;

    private long[] keys;
    private long[] values;
    private int mask;
    private int size;
    private int resizeAt;

    public LongLongMap(int expected) {
        int capacity = Integer.highestOneBit(Math.max(16, (int) Math.min(1 << 30, (long) (expected / LOAD) + 1)) - 1) << 1;
        allocate(capacity);
    }

    private void allocate(int capacity) {
        keys = new long[capacity];
        values = new long[capacity];
        java.util.Arrays.fill(keys, EMPTY);
        mask = capacity - 1;
        resizeAt = (int) (capacity * LOAD);
    }

    public int size() {
        return size;
    }

    /** Bytes its two arrays take, for the memory gauges. */
    public long footprintBytes() {
        return 16L * keys.length;
    }

    private int slot(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32)) & mask;
    }

    /** The value of {@code key}, or {@code missing}. */
    public long get(long key, long missing) {
        for (int i = slot(key); ; i = (i + 1) & mask) {
            long k = keys[i];
            if (k == key) {
                return values[i];
            }
            if (k == EMPTY) {
                return missing;
            }
        }
    }

    public boolean containsKey(long key) {
        for (int i = slot(key); ; i = (i + 1) & mask) {
            long k = keys[i];
            if (k == key) {
                return true;
            }
            if (k == EMPTY) {
                return false;
            }
        }
    }

    public void put(long key, long value) {
        if (key < 0) {
            throw new IllegalArgumentException("keys must not be negative: " + key);
        }
        for (int i = slot(key); ; i = (i + 1) & mask) {
            long k = keys[i];
            if (k == key) {
                values[i] = value;
                return;
            }
            if (k == EMPTY) {
                keys[i] = key;
                values[i] = value;
                if (++size > resizeAt) {
                    grow();
                }
                return;
            }
        }
    }

    /** Removes {@code key}; true when it was there. */
    public boolean remove(long key) {
        int i = slot(key);
        for (; ; i = (i + 1) & mask) {
            long k = keys[i];
            if (k == key) {
                break;
            }
            if (k == EMPTY) {
                return false;
            }
        }
        // Backward-shift deletion: pull later entries of the same probe run into the hole, so lookups never
        // need tombstones.
        int hole = i;
        for (int j = (hole + 1) & mask; keys[j] != EMPTY; j = (j + 1) & mask) {
            int home = slot(keys[j]);
            boolean stays = hole <= j ? hole < home && home <= j : hole < home || home <= j;
            if (!stays) {
                keys[hole] = keys[j];
                values[hole] = values[j];
                hole = j;
            }
        }
        keys[hole] = EMPTY;
        size--;
        return true;
    }

    /** Receives each entry of {@link #forEach}. */
    interface EntryConsumer {
        void accept(long key, long value);
    }

    void forEach(EntryConsumer consumer) {
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != EMPTY) {
                consumer.accept(keys[i], values[i]);
            }
        }
    }

    private void grow() {
        long[] oldKeys = keys;
        long[] oldValues = values;
        allocate(oldKeys.length * 2);
        size = 0;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != EMPTY) {
                put(oldKeys[i], oldValues[i]);
            }
        }
    }
}
