package io.udpgraph.mq.log;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One segment file and what the log knows about it.
 *
 * <p>Thread contract: {@code size}, the live counts and the PUT range are guarded by the appender's lock, as are {@code allocated} and {@code preallocationFailed} (the
 * replayer fills them before the log is shared). {@code channel} is opened by the appender under its lock and
 * closed by whoever holds the right to force once a rolled segment is forced, hence volatile. The {@code scanned…}
 * and {@code idsExpireAtMillis} fields belong to the compactor, under its own lock.
 */
final class Segment {
    final int id;
    final Path path;
    final long seqFloor;
    /** Bytes of the header and intact records, counting those staged for the turn's one write (see {@link RecordWriter}). */
    long size;
    /** Length of the file, records and the zeros preallocated past them; -1 until the appender first looks. */
    long allocated = -1;
    /** A chunk of zeros did not fit: this segment grows record by record from now on. */
    boolean preallocationFailed;
    /** PUTs in this file whose message is live. */
    int liveCount;
    long liveBytes;
    /** Range of the sequence numbers of every PUT record in the file, live or not; empty when min > max. */
    long minPutSeq = Long.MAX_VALUE;
    long maxPutSeq = -1;
    /** Open for writing while the segment is active, and after a roll until the next force closes it. */
    volatile FileChannel channel;
    /** Open for reading PUT records back while the segment holds live messages; see {@link #readChannel()}. */
    private FileChannel reader;
    /** Counts the times a compaction replaced the file, so a block read from the old one is not served again. */
    int generation;
    /** What the compactor saw the last time it scanned this file, so it does not scan it again for nothing. */
    long scannedLiveBytes = -1;
    long scannedLayoutVersion = -1;
    /** When the newest producer id the compactor kept here leaves the id retention: a rescan then drops them all. */
    long idsExpireAtMillis = Long.MAX_VALUE;

    Segment(int id, Path path, long seqFloor, long size) {
        this.id = id;
        this.path = path;
        this.seqFloor = seqFloor;
        this.size = size;
    }

    void notePutRecord(long seq) {
        minPutSeq = Math.min(minPutSeq, seq);
        maxPutSeq = Math.max(maxPutSeq, seq);
    }

    void noteLive(int recordBytes) {
        liveCount++;
        liveBytes += recordBytes;
    }

    void noteRemoved(int recordBytes) {
        liveCount--;
        liveBytes -= recordBytes;
    }

    /**
     * The channel that reads records back, opened on first use; the appender's lock guards it. A compaction keeps
     * it open across the rename that replaces the file, so reads go on finding the old offsets in the old file
     * until {@link #replaced()} moves the index and the reader to the new one together.
     */
    FileChannel readChannel() throws IOException {
        if (reader == null || !reader.isOpen()) {
            reader = FileChannel.open(path, StandardOpenOption.READ);
        }
        return reader;
    }

    /** The file was replaced by its compacted copy; the appender's lock is held. */
    void replaced() {
        generation++;
        closeReader();
    }

    /** Releases the read channel (the segment was deleted, or the log closed); the appender's lock is held. */
    void closeReader() {
        DataDirectory.closeQuietly(reader);
        reader = null;
    }

    /** False only when no PUT record for {@code seq} can be in this file. */
    boolean mayHoldPut(long seq) {
        return minPutSeq <= seq && seq <= maxPutSeq;
    }

    @Override
    public String toString() {
        return path.getFileName().toString();
    }
}
