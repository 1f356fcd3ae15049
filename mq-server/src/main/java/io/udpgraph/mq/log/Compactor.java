package io.udpgraph.mq.log;

import static io.udpgraph.mq.log.RecordFormat.DELIVERED_RECORD_BYTES;
import static io.udpgraph.mq.log.RecordFormat.HEADER_BYTES;
import static io.udpgraph.mq.log.RecordFormat.REMOVE_RECORD_BYTES;
import static io.udpgraph.mq.log.RecordFormat.TYPE_DELIVERED;
import static io.udpgraph.mq.log.RecordFormat.TYPE_ID;
import static io.udpgraph.mq.log.RecordFormat.TYPE_PUT;
import static io.udpgraph.mq.log.RecordFormat.TYPE_REMOVE;
import static java.nio.file.StandardOpenOption.CREATE;
import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.TRUNCATE_EXISTING;
import static java.nio.file.StandardOpenOption.WRITE;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.logging.Logger;
import java.util.zip.CRC32C;

/**
 * Gives disk space back from sealed segments: deletes the lowest one once nothing in it is needed, and rewrites
 * the others with only what is (see the package documentation). It decides from the live index, and before it
 * changes a file it forces every record written so far, so it never acts on a removal that is not on disk.
 * Sequence numbers stay safe: a rewritten header carries the highest number handed out at that moment, and the
 * highest sealed segment is never deleted, so the high-water mark is always in two headers.
 *
 * <p>Thread contract: one compaction at a time ({@link #lock}); it runs beside appends and forces.
 */
final class Compactor {
    private static final Logger LOG = Logger.getLogger(Compactor.class.getName());
    private static final int BUFFER_BYTES = 1 << 20;

    final ReentrantLock lock = new ReentrantLock();
    private final DataDirectory dir;
    private final LogConfig config;
    private final Appender appender;
    private final GroupCommit commits;
    private final ForceHook forcer;
    private final BooleanSupplier closed;
    private final CRC32C crc = new CRC32C();
    /** Bumped whenever compaction deletes or rewrites a segment; guarded by {@link #lock}. */
    private long layoutVersion;
    private volatile long segmentsDeleted;
    private volatile long segmentsRewritten;
    private volatile long bytesReclaimed;

    Compactor(DataDirectory dir, LogConfig config, Appender appender, GroupCommit commits, ForceHook forcer,
              BooleanSupplier closed) {
        this.dir = dir;
        this.config = config;
        this.appender = appender;
        this.commits = commits;
        this.forcer = forcer;
        this.closed = closed;
    }

    long segmentsDeleted() {
        return segmentsDeleted;
    }

    long segmentsRewritten() {
        return segmentsRewritten;
    }

    long bytesReclaimed() {
        return bytesReclaimed;
    }

    /** Compacts the sealed segments now; see {@link SegmentedLog#compactNow()}. */
    CompactionResult compactNow() throws IOException {
        lock.lock();
        try {
            if (closed.getAsBoolean()) {
                return CompactionResult.NOTHING;
            }
            Segment[] sealed = appender.sealed();
            int deleted = 0;
            int rewritten = 0;
            long reclaimed = 0;
            for (int i = 0; i < sealed.length && !closed.getAsBoolean(); i++) {
                Segment segment = sealed[i];
                long liveBytes = liveBytes(segment);
                if (liveBytes >= config.compactionLiveRatio() * segment.size
                        || segment.scannedLiveBytes == liveBytes && segment.scannedLayoutVersion == layoutVersion
                        && System.currentTimeMillis() < segment.idsExpireAtMillis) {
                    continue;
                }
                CompactionPlan plan = plan(segment);
                if (plan == null) {
                    break;
                }
                segment.scannedLiveBytes = liveBytes;
                segment.scannedLayoutVersion = layoutVersion;
                // Rescanning as each id expires would read the file again and again for a few bytes each time;
                // once the newest has expired they all go at once.
                segment.idsExpireAtMillis = plan.ids.isEmpty() ? Long.MAX_VALUE
                        : plan.newestIdMillis + config.idRetention().toMillis();
                long before = segment.size;
                // Only removals on disk may drop a PUT: force what the plan read from the live index first.
                commits.commit(appender.writtenPosition());
                boolean lowest = i == deleted;
                if (plan.keptBytes() == 0 && lowest && i < sealed.length - 1) {
                    delete(segment);
                    deleted++;
                    reclaimed += before;
                } else if (plan.keptBytes() == 0 ? before > HEADER_BYTES
                        : HEADER_BYTES + plan.keptBytes() <= config.compactionLiveRatio() * before) {
                    // A segment that is not the lowest stays as its header, so a missing one is always noticed.
                    if (!rewrite(segment, plan)) {
                        break;
                    }
                    rewritten++;
                    reclaimed += before - segment.size;
                }
            }
            segmentsDeleted += deleted;
            segmentsRewritten += rewritten;
            bytesReclaimed += reclaimed;
            if (deleted + rewritten > 0) {
                long gained = reclaimed;
                int d = deleted;
                int r = rewritten;
                LOG.fine(() -> "compacted " + dir.path() + ": deleted " + d + " and rewrote " + r + " segments, reclaimed "
                        + gained + " bytes");
            }
            return new CompactionResult(deleted, rewritten, reclaimed);
        } finally {
            lock.unlock();
        }
    }

    private long liveBytes(Segment segment) {
        appender.lock.lock();
        try {
            return segment.liveBytes;
        } finally {
            appender.lock.unlock();
        }
    }

    /** Reads a sealed segment, skipping damage, and decides what of it is needed; null when the log closed. */
    private CompactionPlan plan(Segment segment) throws IOException {
        List<Segment> earlier = appender.holdingPutsBelow(segment.id);
        CompactionPlan plan = new CompactionPlan(appender.maxSeq() + 1);
        long idCutoff = Replayer.idCutoffMillis(config);
        try (FileChannel channel = FileChannel.open(segment.path, READ)) {
            SegmentReader reader = new SegmentReader(channel, HEADER_BYTES, segment.size);
            for (;;) {
                if (closed.getAsBoolean()) {
                    return null;
                }
                if (reader.nextIntact() == SegmentReader.Step.END) {
                    return plan;
                }
                long seq = reader.seq();
                switch (reader.type()) {
                    case TYPE_PUT -> {
                        // Only the last PUT of a number in a file can be its live message; counts seen before it
                        // belonged to an earlier message with the same number.
                        plan.dropEarlierPut(seq);
                        plan.delivered.remove(seq);
                        if (isLiveIn(seq, segment.id)) {
                            plan.keepPut(reader.offset(), seq, reader.recordBytes());
                        } else if (reader.enqueuedAtMillis() >= idCutoff) {
                            // The message left, but its producer id must still deduplicate after a restart.
                            byte[] id = reader.copyId();
                            if (id != null) {
                                plan.keepId(seq, reader.enqueuedAtMillis(), id);
                            }
                        }
                    }
                    case TYPE_ID -> {
                        if (reader.enqueuedAtMillis() >= idCutoff) {
                            plan.keepId(seq, reader.enqueuedAtMillis(), reader.copyId());
                        }
                    }
                    case TYPE_REMOVE -> {
                        plan.delivered.remove(seq);
                        // Needed while a PUT it cancels may still be in an earlier file.
                        for (Segment s : earlier) {
                            if (s.mayHoldPut(seq)) {
                                plan.keepRemove(seq);
                                break;
                            }
                        }
                    }
                    case TYPE_DELIVERED -> {
                        if (appender.liveSegment(seq) >= 0) {
                            plan.delivered.merge(seq, reader.deliveries(), Math::max);
                        }
                    }
                    default -> throw new AssertionError();
                }
            }
        }
    }

    private boolean isLiveIn(long seq, int segmentId) {
        return appender.liveSegment(seq) == segmentId;
    }

    private void delete(Segment segment) throws IOException {
        appender.manifest().deleting(segment.id);
        Files.delete(segment.path);
        dir.force();
        appender.dropSegment(segment);
        layoutVersion++;
    }

    /** Rewrites a sealed segment with what the plan keeps; false when the log closed meanwhile. */
    private boolean rewrite(Segment segment, CompactionPlan plan) throws IOException {
        Path temp = dir.compacting(segment);
        long newSize;
        long[] newOffsets = new long[plan.puts];
        try {
            try (FileChannel in = FileChannel.open(segment.path, READ);
                 FileChannel out = FileChannel.open(temp, CREATE, TRUNCATE_EXISTING, WRITE)) {
                ByteBuffer buf = ByteBuffer.allocate(BUFFER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
                RecordFormat.encodeHeader(buf, crc, segment.id, Math.max(segment.seqFloor, plan.highWater));
                long written = 0;
                SegmentReader reader = new SegmentReader(in, HEADER_BYTES, segment.size);
                // REMOVEs only cancel PUTs of earlier files, so they go first: a PUT here can never precede them.
                for (int i = 0; i < plan.removeCount; i++) {
                    if (buf.remaining() < REMOVE_RECORD_BYTES) {
                        written += drain(buf, out, written);
                    }
                    RecordFormat.encodeRemove(buf, crc, plan.removes[i]);
                }
                for (RecoveredId id : plan.ids) {
                    if (buf.remaining() < RecordFormat.idRecordBytes(id.messageId().length)) {
                        written += drain(buf, out, written);
                    }
                    RecordFormat.encodeId(buf, crc, id.seq(), id.enqueuedAtMillis(), id.messageId());
                }
                for (int k = 0; k < plan.puts; ) {
                    if (plan.putOffsets[k] == CompactionPlan.DROPPED) {
                        k++;
                        continue;
                    }
                    if (closed.getAsBoolean()) {
                        Files.deleteIfExists(temp);
                        return false;
                    }
                    if (reader.nextIntact() != SegmentReader.Step.RECORD) {
                        throw new IOException(segment.path + " changed while it was compacted: " + reader.problem());
                    }
                    if (reader.offset() == plan.putOffsets[k]) {
                        if (buf.remaining() < reader.recordBytes()) {
                            written += drain(buf, out, written);
                            if (buf.capacity() < reader.recordBytes()) {
                                buf = ByteBuffer.allocate(reader.recordBytes()).order(ByteOrder.LITTLE_ENDIAN);
                            }
                        }
                        newOffsets[k] = written + buf.position();
                        reader.copyRecordTo(buf);
                        k++;
                    }
                }
                for (Map.Entry<Long, Integer> d : plan.delivered.entrySet()) {
                    if (buf.remaining() < DELIVERED_RECORD_BYTES) {
                        written += drain(buf, out, written);
                    }
                    RecordFormat.encodeDelivered(buf, crc, d.getKey(), d.getValue());
                }
                written += drain(buf, out, written);
                forcer.force(out);
                newSize = written;
            }
            appender.manifest().rewriting(segment.id, newSize);
            appender.holdReader(segment);
            Files.move(temp, segment.path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        dir.force();
        recount(segment, plan, newOffsets, newSize);
        layoutVersion++;
        segment.scannedLayoutVersion = layoutVersion;
        return true;
    }

    /** Moves the index and the reader to the new file together, and counts what it holds. */
    private void recount(Segment segment, CompactionPlan plan, long[] newOffsets, long newSize) {
        appender.lock.lock();
        try {
            segment.replaced();
            segment.size = newSize;
            segment.liveCount = 0;
            segment.liveBytes = 0;
            segment.minPutSeq = Long.MAX_VALUE;
            segment.maxPutSeq = -1;
            LiveIndex live = appender.liveHeld();
            for (int k = 0; k < plan.puts; k++) {
                if (plan.putOffsets[k] == CompactionPlan.DROPPED) {
                    continue;
                }
                long seq = plan.putSeqs[k];
                segment.notePutRecord(seq);
                if (live.segment(seq) == segment.id) {
                    live.relocate(seq, newOffsets[k]);
                    segment.noteLive(LiveIndex.recordBytesOf(live.entry(seq)));
                }
            }
            segment.scannedLiveBytes = segment.liveBytes;
        } finally {
            appender.lock.unlock();
        }
    }

    private static int drain(ByteBuffer buf, FileChannel out, long at) throws IOException {
        buf.flip();
        int bytes = buf.remaining();
        RecordWriter.writeFully(out, buf, at);
        buf.clear();
        return bytes;
    }
}
