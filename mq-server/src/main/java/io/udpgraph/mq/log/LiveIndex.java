package io.udpgraph.mq.log;

import java.io.IOException;

/**
 * Where the PUT record of each live message is (its segment, its offset in that file, its length), by sequence
 * number. A queue numbers its messages in arrival order and mostly removes them in that order, so almost every
 * entry sits in a ring indexed by {@code seq - base}: 8 bytes per number, in blocks of 32 KB that come and go
 * with the numbers (no copy when it grows, nothing left behind when it drains), the segments kept as runs.
 * An entry put out of order, or one that outlives its neighbours by far (a message leased again and again), moves
 * to a hash map, so a straggler can never pin the ring and make it grow with the traffic behind it.
 *
 * <p>Thread contract: none; the appender's lock guards it, and the replayer fills it before the log is shared.
 */
final class LiveIndex {
    /** What {@link #entry} returns for a number that is not live. */
    static final long MISSING = -1;
    /** Record lengths are counted up to this; longer ones (bodies past 16 MiB) only ever skew the live-byte gauges. */
    static final int MAX_COUNTED_RECORD_BYTES = (1 << 24) - 1;
    private static final int BYTES_BITS = 24;
    /** A number this far past the ring's end starts the ring afresh instead of filling the gap. */
    private static final long MAX_GAP = 1 << 16;
    /** Dead slots the ring may hold beyond twice its live ones before its oldest entries move to the map. */
    private static final int SLACK = 4096;

    /** Slots per block; the ring is a queue of blocks, so it grows and shrinks a block at a time and never copies. */
    private static final int BLOCK_SHIFT = 12;
    private static final int BLOCK = 1 << BLOCK_SHIFT;
    private long[][] blocks = new long[4][];
    private int firstBlock;
    private int blockCount;
    /** A drained block kept for the next one needed, so a ring hovering at a block boundary allocates nothing. */
    private long[] spare;
    /**
     * The number in the ring's first slot, which sits at {@code headInBlock} of the first block; the ring covers
     * {@code length} numbers.
     */
    private long base;
    private int headInBlock;
    private int length;
    private int ringLive;
    /** Runs of segments over the ring: from {@code runStart[i]} on, entries are in segment {@code runSegment[i]}. */
    private long[] runStart = new long[8];
    private int[] runSegment = new int[8];
    private int runs;
    private final LongLongMap strayEntries = new LongLongMap(16);
    private final LongLongMap straySegments = new LongLongMap(16);

    private long slot(long p) {
        int a = headInBlock + (int) p;
        return blocks[(firstBlock + (a >>> BLOCK_SHIFT)) & (blocks.length - 1)][a & (BLOCK - 1)];
    }

    private void setSlot(long p, long e) {
        int a = headInBlock + (int) p;
        blocks[(firstBlock + (a >>> BLOCK_SHIFT)) & (blocks.length - 1)][a & (BLOCK - 1)] = e;
    }

    /** The packed entry (offset and length) of {@code seq}, or {@link #MISSING}. */
    long entry(long seq) {
        long slot = seq - base;
        if (slot >= 0 && slot < length) {
            long e = slot(slot);
            if (e != MISSING) {
                return e;
            }
        }
        return strayEntries.get(seq, MISSING);
    }

    boolean contains(long seq) {
        return entry(seq) != MISSING;
    }

    /** The segment holding {@code seq}'s PUT record; only for a live number. */
    int segment(long seq) {
        long slot = seq - base;
        if (slot >= 0 && slot < length && slot(slot) != MISSING) {
            return runSegment[runOf(seq)];
        }
        return (int) straySegments.get(seq, MISSING);
    }

    static long offsetOf(long entry) {
        return entry >>> BYTES_BITS;
    }

    static int recordBytesOf(long entry) {
        return (int) (entry & MAX_COUNTED_RECORD_BYTES);
    }

    /** Live messages. */
    int size() {
        return ringLive + strayEntries.size();
    }

    /** Heap bytes of the ring, the runs and the map of strays. */
    long footprintBytes() {
        return 8L * BLOCK * (blockCount + (spare == null ? 0 : 1)) + 8L * blocks.length + 12L * runStart.length + strayEntries.footprintBytes() + straySegments.footprintBytes();
    }

    /** Records that {@code seq}'s PUT is at {@code offset} in {@code segment}; {@code seq} must not be live. */
    void put(long seq, int segment, long offset, int recordBytes) {
        long e = offset << BYTES_BITS | Math.min(recordBytes, MAX_COUNTED_RECORD_BYTES);
        if (length == 0) {
            base = seq;
            headInBlock = 0;
            runs = 0;
        }
        long slot = seq - base;
        if (slot >= length && slot - length <= MAX_GAP) {
            while (length < slot) {
                append(MISSING);
            }
            if (runs == 0 || runSegment[runs - 1] != segment) {
                addRun(seq, segment);
            }
            append(e);
            ringLive++;
        } else if (slot >= 0 && slot < length && runSegment[runOf(seq)] == segment) {
            setSlot(slot, e);
            ringLive++;
        } else {
            if (slot >= length) {
                // Far past the end: what the ring holds moves out, and the ring starts again at seq.
                while (length > 0) {
                    popHead();
                }
                put(seq, segment, offset, recordBytes);
                return;
            }
            strayEntries.put(seq, e);
            straySegments.put(seq, segment);
        }
    }

    /** Forgets {@code seq}; false when it was not live. */
    boolean remove(long seq) {
        long slot = seq - base;
        if (slot >= 0 && slot < length) {
            if (slot(slot) != MISSING) {
                setSlot(slot, MISSING);
                ringLive--;
                trim();
                return true;
            }
        }
        if (strayEntries.remove(seq)) {
            straySegments.remove(seq);
            return true;
        }
        return false;
    }

    /** {@code seq}'s record moved to {@code offset} in the same segment (a compaction rewrote the file). */
    void relocate(long seq, long offset) {
        long slot = seq - base;
        long e = entry(seq);
        if (e == MISSING) {
            return;
        }
        long moved = offset << BYTES_BITS | recordBytesOf(e);
        if (slot >= 0 && slot < length && slot(slot) != MISSING) {
            setSlot(slot, moved);
        } else {
            strayEntries.put(seq, moved);
        }
    }

    /** Receives live numbers. */
    interface SeqVisitor {
        void visit(long seq) throws IOException;
    }

    /** Hands every live number to {@code visitor}, ascending; the visitor must not change the index. */
    void forEachAscending(SeqVisitor visitor) throws IOException {
        long[] strays = new long[strayEntries.size()];
        int[] n = {0};
        strayEntries.forEach((seq, e) -> strays[n[0]++] = seq);
        java.util.Arrays.sort(strays);
        int s = 0;
        for (int slot = 0; slot < length; slot++) {
            long seq = base + slot;
            while (s < strays.length && strays[s] < seq) {
                visitor.visit(strays[s++]);
            }
            if (slot(slot) != MISSING) {
                visitor.visit(seq);
            }
        }
        while (s < strays.length) {
            visitor.visit(strays[s++]);
        }
    }

    private void append(long e) {
        int a = headInBlock + length;
        if ((a >>> BLOCK_SHIFT) == blockCount) {
            addBlock();
        }
        blocks[(firstBlock + (a >>> BLOCK_SHIFT)) & (blocks.length - 1)][a & (BLOCK - 1)] = e;
        length++;
    }

    private void addBlock() {
        if (blockCount == blocks.length) {
            long[][] more = new long[blocks.length * 2][];
            for (int i = 0; i < blockCount; i++) {
                more[i] = blocks[(firstBlock + i) & (blocks.length - 1)];
            }
            blocks = more;
            firstBlock = 0;
        }
        blocks[(firstBlock + blockCount) & (blocks.length - 1)] = spare != null ? spare : new long[BLOCK];
        spare = null;
        blockCount++;
    }

    /** Drops dead slots off the front, and moves live ones out while the ring is mostly dead. */
    private void trim() {
        while (length > 0 && (slot(0) == MISSING || length > 2 * ringLive + SLACK)) {
            popHead();
        }
    }

    private void popHead() {
        long e = slot(0);
        if (e != MISSING) {
            strayEntries.put(base, e);
            straySegments.put(base, runSegment[runOf(base)]);
            ringLive--;
        }
        base++;
        length--;
        if (++headInBlock == BLOCK || length == 0) {
            // The first block is drained (or the ring is empty and starts afresh at its next number).
            int keep = length == 0 ? 0 : 1;
            if (keep == 0 || headInBlock == BLOCK) {
                spare = blocks[firstBlock];
                blocks[firstBlock] = null;
                firstBlock = (firstBlock + 1) & (blocks.length - 1);
                blockCount--;
                headInBlock = 0;
            }
        }
        int drop = 0;
        while (drop + 1 < runs && runStart[drop + 1] <= base) {
            drop++;
        }
        if (drop > 0) {
            System.arraycopy(runStart, drop, runStart, 0, runs - drop);
            System.arraycopy(runSegment, drop, runSegment, 0, runs - drop);
            runs -= drop;
        }
    }

    private void addRun(long start, int segment) {
        if (runs == runStart.length) {
            runStart = java.util.Arrays.copyOf(runStart, runs * 2);
            runSegment = java.util.Arrays.copyOf(runSegment, runs * 2);
        }
        runStart[runs] = start;
        runSegment[runs] = segment;
        runs++;
    }

    /** The run covering {@code seq}, which the ring covers. */
    private int runOf(long seq) {
        int lo = 0;
        int hi = runs - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (runStart[mid] <= seq) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }
}
