package io.udpgraph.mq.log;

import static io.udpgraph.mq.log.RecordFormat.DELIVERED_RECORD_BYTES;
import static io.udpgraph.mq.log.RecordFormat.REMOVE_RECORD_BYTES;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.TreeMap;

/** What compaction keeps of one sealed segment: its live PUTs, the REMOVEs and ids still needed, the largest counts. */
final class CompactionPlan {
    static final long DROPPED = -1;
    /** The next sequence number when the plan was made: the rewritten header's floor, so numbers never go back. */
    final long highWater;
    long[] putOffsets = new long[64];
    long[] putSeqs = new long[64];
    int[] putRecordBytes = new int[64];
    /** Index of the kept PUT of each seq, so an earlier PUT of a number used again can be dropped. */
    final LongLongMap putIndex = new LongLongMap(64);
    int puts;
    long putBytes;
    final TreeMap<Long, Integer> delivered = new TreeMap<>();
    long[] removes = new long[16];
    int removeCount;
    final ArrayList<RecoveredId> ids = new ArrayList<>();
    long idBytes;
    long newestIdMillis = Long.MIN_VALUE;

    CompactionPlan(long highWater) {
        this.highWater = highWater;
    }

    void keepPut(long offset, long seq, int recordBytes) {
        if (puts == putOffsets.length) {
            putOffsets = Arrays.copyOf(putOffsets, puts * 2);
            putSeqs = Arrays.copyOf(putSeqs, puts * 2);
            putRecordBytes = Arrays.copyOf(putRecordBytes, puts * 2);
        }
        putIndex.put(seq, puts);
        putOffsets[puts] = offset;
        putSeqs[puts] = seq;
        putRecordBytes[puts++] = recordBytes;
        putBytes += recordBytes;
    }

    /** A later PUT of {@code seq} in the file: an earlier one kept for it was a message since removed. */
    void dropEarlierPut(long seq) {
        int earlier = (int) putIndex.get(seq, -1);
        if (earlier >= 0) {
            putIndex.remove(seq);
            putOffsets[earlier] = DROPPED;
            putBytes -= putRecordBytes[earlier];
        }
    }

    void keepRemove(long seq) {
        if (removeCount == removes.length) {
            removes = Arrays.copyOf(removes, removeCount * 2);
        }
        removes[removeCount++] = seq;
    }

    void keepId(long seq, long enqueuedAtMillis, byte[] id) {
        ids.add(new RecoveredId(seq, enqueuedAtMillis, id));
        idBytes += RecordFormat.idRecordBytes(id.length);
        newestIdMillis = Math.max(newestIdMillis, enqueuedAtMillis);
    }

    long keptBytes() {
        return putBytes + idBytes + (long) removeCount * REMOVE_RECORD_BYTES + (long) delivered.size() * DELIVERED_RECORD_BYTES;
    }
}
