package io.udpgraph.mq.log;

/**
 * What one compaction pass did.
 *
 * @param segmentsDeleted   sealed segments deleted because nothing in them was still needed
 * @param segmentsRewritten sealed segments rewritten with only what is still needed
 * @param bytesReclaimed    disk bytes given back
 */
public record CompactionResult(int segmentsDeleted, int segmentsRewritten, long bytesReclaimed) {
    static final CompactionResult NOTHING = new CompactionResult(0, 0, 0);
}
