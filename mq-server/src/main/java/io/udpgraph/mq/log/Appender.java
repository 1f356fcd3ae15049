package io.udpgraph.mq.log;

import static io.udpgraph.mq.log.RecordFormat.DELIVERED_RECORD_BYTES;
import static io.udpgraph.mq.log.RecordFormat.HEADER_BYTES;
import static io.udpgraph.mq.log.RecordFormat.REMOVE_RECORD_BYTES;
import static java.nio.file.StandardOpenOption.CREATE_NEW;
import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.WRITE;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.zip.CRC32C;

/**
 * Writes records at the end of the newest segment, rolls to the next segment, and keeps the live index
 * (which message's PUT is in which segment) and each segment's live counts.
 *
 * <p>Under a policy that does not force on commit, a record that lands inside the segment's preallocated zeros is
 * staged by the {@link RecordWriter} and reaches the OS at the next {@link #flush()} (the node's commit at the end
 * of a turn of datagrams, before any of its replies), so a turn costs one positional write; any other record is
 * written at once. Positions, sizes and the live index count a staged record as written, though its bytes reach the
 * file only at that flush: code that reads records of the active segment back must {@link #flush()} first.
 *
 * <p>Thread contract: every method takes {@link #lock}, held only while a record is encoded and handed to the
 * OS; any number of threads may call at once. A failed write (a full disk) is cut off the file and changes
 * nothing in the index, so the caller may refuse its request and the next write starts where the failed one
 * did. A failed roll leaves no file behind.
 */
final class Appender {
    static final long NOT_WRITTEN = -1;
    static final long MISSING = -1;
    private static final Logger LOG = Logger.getLogger(Appender.class.getName());
    private static final Segment[] NO_SEGMENTS = new Segment[0];

    /** Guards everything below, and the size, counts and PUT range of every segment. */
    final ReentrantLock lock = new ReentrantLock();
    private final DataDirectory dir;
    private final LogConfig config;
    private final Runnable rolled;
    private final Manifest manifest;
    /** Segments in ascending number; the last is the active one. */
    private final ArrayList<Segment> segments;
    /** Segments rolled away from whose bytes have not been forced since. */
    private final ArrayList<Segment> unforced = new ArrayList<>();
    /** Live messages: where each one's PUT record is. */
    private final LiveIndex live;
    private final CRC32C crc = new CRC32C();
    private final RecordWriter writer;
    private Segment active;
    private long writtenPosition;
    private long maxSeq;
    private long appendedRecords;
    private long appendedBytes;
    private boolean closed;

    /** Takes over what the replayer found; {@code rolled} is told of each roll (it wakes the compactor). */
    Appender(DataDirectory dir, LogConfig config, Replayer.Result replayed, Runnable rolled) {
        this.dir = dir;
        this.config = config;
        this.rolled = rolled;
        this.segments = new ArrayList<>(replayed.segments());
        this.live = replayed.live();
        this.maxSeq = replayed.maxSeq();
        this.active = segments.get(segments.size() - 1);
        this.manifest = replayed.manifest();
        this.writer = new RecordWriter(config.fsync() != FsyncPolicy.ALWAYS, new Preallocator(config.segmentBytes()),
                () -> closed);
    }

    /** The manifest the compactor keeps up to date as it deletes and rewrites segments. */
    Manifest manifest() {
        return manifest;
    }

    long writePut(long seq, long enqueuedAtMillis, ByteBuffer id, ByteBuffer body) throws IOException {
        int recordBytes = RecordFormat.putRecordBytes(id == null ? 0 : id.remaining(), body.remaining());
        lock.lock();
        try {
            ensureOpen();
            if (live.contains(seq)) {
                return NOT_WRITTEN;
            }
            Segment segment = segmentFor(recordBytes);
            ByteBuffer buf = writer.room(recordBytes);
            int start = buf.position();
            RecordFormat.encodePut(buf, crc, seq, enqueuedAtMillis, id, body);
            long at = segment.size;
            long end = append(segment, start);
            live.put(seq, segment.id, at, recordBytes);
            segment.notePutRecord(seq);
            segment.noteLive(recordBytes);
            maxSeq = Math.max(maxSeq, seq);
            return end;
        } finally {
            lock.unlock();
        }
    }

    long writeRemove(long seq) throws IOException {
        lock.lock();
        try {
            ensureOpen();
            long entry = live.entry(seq);
            if (entry == MISSING) {
                return NOT_WRITTEN;
            }
            Segment segment = segmentFor(REMOVE_RECORD_BYTES);
            ByteBuffer buf = writer.room(REMOVE_RECORD_BYTES);
            int start = buf.position();
            RecordFormat.encodeRemove(buf, crc, seq);
            long end = append(segment, start);
            Segment holder = segmentById(live.segment(seq));
            live.remove(seq);
            if (holder != null) {
                holder.noteRemoved(LiveIndex.recordBytesOf(entry));
            }
            return end;
        } finally {
            lock.unlock();
        }
    }

    long writeDelivered(long seq, int deliveries) throws IOException {
        lock.lock();
        try {
            ensureOpen();
            if (!live.contains(seq)) {
                return NOT_WRITTEN;
            }
            Segment segment = segmentFor(DELIVERED_RECORD_BYTES);
            ByteBuffer buf = writer.room(DELIVERED_RECORD_BYTES);
            int start = buf.position();
            RecordFormat.encodeDelivered(buf, crc, seq, deliveries);
            return append(segment, start);
        } finally {
            lock.unlock();
        }
    }

    /** See {@link SegmentedLog#memoryBytes()}. */
    long memoryBytes() {
        lock.lock();
        try {
            return live.footprintBytes() + writer.bufferBytes();
        } finally {
            lock.unlock();
        }
    }

    /** Opens {@code segment}'s read channel now, so reads keep the file a compaction is about to replace. */
    void holdReader(Segment segment) throws IOException {
        lock.lock();
        try {
            segment.readChannel();
        } finally {
            lock.unlock();
        }
    }

    private void ensureOpen() throws IOException {
        if (closed) {
            throw new IOException("the log in " + dir.path() + " is closed");
        }
    }

    /** The segment the next record goes to, rolling first when it would not fit. */
    private Segment segmentFor(int recordBytes) throws IOException {
        if (active.channel == null) {
            // The replayer leaves the newest segment unopened, or even uncreated, when the disk was full.
            if (Files.exists(active.path)) {
                active.channel = FileChannel.open(active.path, READ, WRITE);
            } else {
                active.channel = createSegment(dir, config, active.id, active.seqFloor).channel;
                manifest.rolled(null, active.id);
            }
        }
        if (active.size > HEADER_BYTES && active.size + recordBytes > config.segmentBytes()) {
            roll();
        }
        return active;
    }

    /** Appends the record encoded from {@code start} to {@code segment} and counts it; returns the position after it. */
    private long append(Segment segment, int start) throws IOException {
        int length = writer.append(segment, start);
        writtenPosition += length;
        appendedRecords++;
        appendedBytes += length;
        return writtenPosition;
    }

    /** Hands every staged record to the OS; the caller holds {@link #lock}. */
    void flushHeld() throws IOException {
        writer.flush();
    }

    /**
     * Hands every staged record to the OS with one positional write, so a reply may confirm them: a killed
     * process then loses none of them.
     */
    void flush() throws IOException {
        lock.lock();
        try {
            writer.flush();
        } finally {
            lock.unlock();
        }
    }

    /** Positional writes of records so far: one per flush of a turn's staged records, one per record written at once. */
    long recordWrites() {
        lock.lock();
        try {
            return writer.writes();
        } finally {
            lock.unlock();
        }
    }

    /** Starts the next segment; on failure the active one stays active and no new file is left. */
    private void roll() throws IOException {
        Segment old = active;
        writer.flush();
        Preallocator.trim(old);
        if (config.fsync() != FsyncPolicy.NEVER) {
            // The manifest records the sealed length, so it must be on disk before the manifest says it.
            old.channel.force(false);
        }
        Segment next = createSegment(dir, config, old.id + 1, maxSeq + 1);
        manifest.rolled(old, next.id);
        segments.add(next);
        active = next;
        unforced.add(old);
        if (config.fsync() == FsyncPolicy.NEVER) {
            // Nobody forces on a schedule, so release the file now; a force still covers it through its path.
            DataDirectory.closeQuietly(old.channel);
            old.channel = null;
        }
        rolled.run();
    }

    /**
     * Creates segment {@code id} with its header (whose floor keeps sequence numbers from going back even if every
     * record before it is lost) and forces the directory; deletes the file again when any step fails.
     */
    static Segment createSegment(DataDirectory dir, LogConfig config, int id, long seqFloor) throws IOException {
        Path path = dir.segment(id);
        ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        RecordFormat.encodeHeader(header, new CRC32C(), id, seqFloor);
        header.flip();
        boolean interrupted = Thread.interrupted();
        FileChannel channel = null;
        try {
            channel = FileChannel.open(path, CREATE_NEW, READ, WRITE);
            RecordWriter.writeFully(channel, header, 0);
            if (config.fsync() != FsyncPolicy.NEVER) {
                channel.force(false);
                dir.force();
            }
            Segment segment = new Segment(id, path, seqFloor, HEADER_BYTES);
            segment.channel = channel;
            return segment;
        } catch (IOException | RuntimeException e) {
            DataDirectory.closeQuietly(channel);
            if (channel != null) {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The written position; the caller holds {@link #lock}. */
    long writtenHeld() {
        return writtenPosition;
    }

    /** The active segment; the caller holds {@link #lock}. */
    Segment activeHeld() {
        return active;
    }

    /**
     * Hands the rolled segments not yet forced to the caller, who holds {@link #lock} and must {@link #giveBack}
     * those it could not force. Allocates nothing when there are none.
     */
    Segment[] takeRolledHeld() {
        if (unforced.isEmpty()) {
            return NO_SEGMENTS;
        }
        Segment[] rolledSegments = unforced.toArray(NO_SEGMENTS);
        unforced.clear();
        return rolledSegments;
    }

    void giveBack(List<Segment> notForced) {
        lock.lock();
        try {
            unforced.addAll(0, notForced);
        } finally {
            lock.unlock();
        }
    }

    long writtenPosition() {
        lock.lock();
        try {
            return writtenPosition;
        } finally {
            lock.unlock();
        }
    }

    /** The highest sequence number written or replayed, -1 for none. */
    long maxSeq() {
        lock.lock();
        try {
            return maxSeq;
        } finally {
            lock.unlock();
        }
    }

    /** The sealed segments now, ascending. */
    Segment[] sealed() {
        lock.lock();
        try {
            return segments.subList(0, segments.size() - 1).toArray(NO_SEGMENTS);
        } finally {
            lock.unlock();
        }
    }

    /** Segments below {@code id} that hold any PUT record. */
    List<Segment> holdingPutsBelow(int id) {
        List<Segment> earlier = new ArrayList<>();
        lock.lock();
        try {
            for (Segment s : segments) {
                if (s.id < id && s.maxPutSeq >= 0) {
                    earlier.add(s);
                }
            }
        } finally {
            lock.unlock();
        }
        return earlier;
    }

    void dropSegment(Segment segment) {
        lock.lock();
        try {
            segments.remove(segment);
            segment.closeReader();
        } finally {
            lock.unlock();
        }
    }

    /** The segment holding live message {@code seq}'s PUT, or -1 when it is not live. Takes the lock. */
    int liveSegment(long seq) {
        lock.lock();
        try {
            return live.segment(seq);
        } finally {
            lock.unlock();
        }
    }

    /** The live index itself, for a caller that holds {@link #lock}. */
    LiveIndex liveHeld() {
        return live;
    }

    /** The staging writer, for a caller that holds {@link #lock}. */
    RecordWriter writerHeld() {
        return writer;
    }

    /** Refuses work once the log is closed; the caller holds {@link #lock}. */
    void ensureOpenHeld() throws IOException {
        ensureOpen();
    }

    /** The segment with this number, or null. Holds the lock. */
    Segment segmentById(int id) {
        int lo = 0;
        int hi = segments.size() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int midId = segments.get(mid).id;
            if (midId < id) {
                lo = mid + 1;
            } else if (midId > id) {
                hi = mid - 1;
            } else {
                return segments.get(mid);
            }
        }
        return null;
    }

    /** Stats of the appends and the files; the force and compaction counters come from their owners. */
    LogStats stats(long forces, long durablePosition, long deleted, long rewritten, long reclaimed, long errors) {
        lock.lock();
        try {
            long diskBytes = 0;
            for (Segment s : segments) {
                diskBytes += s.size;
            }
            return new LogStats(appendedRecords, appendedBytes, forces, writtenPosition, durablePosition, segments.size(),
                    diskBytes, live.size(), deleted, rewritten, reclaimed, errors);
        } finally {
            lock.unlock();
        }
    }

    /** Refuses appends from now on; true the first time. */
    boolean close() {
        lock.lock();
        try {
            boolean first = !closed;
            closed = true;
            return first;
        } finally {
            lock.unlock();
        }
    }

    /** Closes the channels still open once the last force ran. */
    void closeChannels() {
        lock.lock();
        try {
            for (Segment s : unforced) {
                DataDirectory.closeQuietly(s.channel);
                s.channel = null;
            }
            if (active.channel != null) {
                try {
                    writer.flush();
                    Preallocator.trim(active);
                } catch (IOException e) {
                    // The zeros past the records read as the end of the log at the next open.
                    LOG.log(Level.FINE, "could not cut the preallocated tail off " + active.path, e);
                }
            }
            DataDirectory.closeQuietly(active.channel);
            active.channel = null;
            for (Segment s : segments) {
                s.closeReader();
            }
        } finally {
            lock.unlock();
        }
    }
}
