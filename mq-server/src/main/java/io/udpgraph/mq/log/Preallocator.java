package io.udpgraph.mq.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Grows the active segment file with real zeros ahead of its records, a chunk at a time, so an append overwrites
 * blocks the file already has: its length does not change, and a force after it writes the data alone, with no
 * file-system journal commit for a new size or new blocks (which Redis pays on every {@code appendfsync always}).
 * A zeroed tail reads as the end of the log ({@link SegmentReader#zeroFrom}); a sealed segment is cut back to its
 * records before it is sealed.
 *
 * <p>Thread contract: called by the appender under its lock. Should a chunk not fit (a full disk), the file is cut
 * back to what it was and the segment goes on growing record by record, as without preallocation, until the next.
 */
final class Preallocator {
    /** One chunk: about 8,000 PUTs of 100 bytes per journal commit, and little to write back at a time. */
    static final int CHUNK_BYTES = 1 << 20;
    private static final Logger LOG = Logger.getLogger(Preallocator.class.getName());
    private static final ByteBuffer ZEROS = ByteBuffer.allocateDirect(64 << 10);

    private final long segmentBytes;

    Preallocator(long segmentBytes) {
        this.segmentBytes = segmentBytes;
    }

    /**
     * Makes the file of {@code segment} hold zeros up to {@code end} at least, when it does not yet; throws only
     * when a chunk that did not fit cannot be cut off again.
     */
    void ahead(Segment segment, long end) throws IOException {
        FileChannel channel = segment.channel;
        if (segment.allocated < 0) {
            segment.allocated = channel.size();
        }
        if (end <= segment.allocated || segment.preallocationFailed) {
            return;
        }
        long from = Math.max(segment.allocated, segment.size);
        long to = Math.max(end, Math.min(segmentBytes, (from / CHUNK_BYTES + 1) * CHUNK_BYTES));
        try {
            for (long at = from; at < to; ) {
                ByteBuffer zeros = ZEROS.duplicate().limit((int) Math.min(ZEROS.capacity(), to - at));
                at += channel.write(zeros, at);
            }
            segment.allocated = to;
        } catch (IOException e) {
            // Most likely a full disk: give the space back and append as if there were no preallocation.
            segment.preallocationFailed = true;
            LOG.log(Level.FINE, "could not preallocate " + segment.path + " to " + to + " bytes", e);
            channel.truncate(from);
            segment.allocated = from;
        }
    }

    /** Cuts the zeros past the records off a segment about to be sealed, so its length is its records'. */
    static void trim(Segment segment) throws IOException {
        if (segment.channel.size() > segment.size) {
            segment.channel.truncate(segment.size);
        }
        segment.allocated = segment.size;
    }
}
