package io.udpgraph.mq.log;

/**
 * A snapshot of a log's counters, for gauges and tests; every count is since open unless it says otherwise.
 *
 * @param appendedRecords     records written
 * @param appendedBytes       bytes of those records
 * @param forces              forces of segment files to disk by appends, the fsync thread and close
 * @param writtenPosition     bytes of records written since open; {@code durablePosition} trails it
 * @param durablePosition     bytes of records known to be on disk
 * @param segments            segment files now
 * @param diskBytes           bytes in those files now
 * @param liveMessages        messages the log holds a live PUT for now
 * @param segmentsDeleted     sealed segments compaction deleted because nothing in them was needed
 * @param segmentsRewritten   sealed segments compaction rewrote smaller
 * @param bytesReclaimed      disk bytes compaction gave back
 * @param backgroundErrors    failures of the fsync or compactor thread (each is logged)
 */
public record LogStats(long appendedRecords, long appendedBytes, long forces, long writtenPosition,
                       long durablePosition, int segments, long diskBytes, long liveMessages, long segmentsDeleted,
                       long segmentsRewritten, long bytesReclaimed, long backgroundErrors) {
}
