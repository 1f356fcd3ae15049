package io.udpgraph.mq.log;

import static io.udpgraph.mq.log.RecordFormat.COMPACT_SUFFIX;
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
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.zip.CRC32C;

/**
 * The queue node's durable log: open it on the data directory at start, load {@link #takeRecovered()} into
 * the queue, then append a record for every PUT, every removal and every lease hand-out.
 *
 * <p>Record layout and file names are in the package documentation. Appends go to the newest segment with
 * one positional {@code write} each, so a killed process loses nothing that an append call returned for;
 * what a power cut may lose depends on the {@link FsyncPolicy}. A segment rolls at {@link
 * LogConfig#segmentBytes()}; a background thread compacts sealed segments (see {@link #compactNow()}).
 *
 * <p>Thread contract: any number of threads may append, commit, force, compact and read stats at once.
 * Appends are serialised by one lock held only while a record is encoded and written to the OS; under
 * {@link FsyncPolicy#ALWAYS} the force happens outside that lock, and one force covers every record
 * written before it started, so appenders that arrive while a force runs share the next one (group
 * commit). An append does not allocate beyond the record's bytes in a reused direct buffer. A thread's
 * interrupt status is left as it was: an interrupt does not close the log for the other threads.
 *
 * <p>Ordering contract: append a message's PUT before any REMOVE or DELIVERED of it (for instance, make a
 * message visible to takers only after {@code appendPut} returned). A sequence number must not be used for
 * a second message while the first is live; once it was removed it may be used again (a node that numbers
 * on from its highest recovered message does so after a restart on an empty queue), though handing out
 * numbers from {@link RecoveredState#nextSeq()} avoids it. A REMOVE or DELIVERED for a message the log does
 * not hold writes nothing and says so.
 */
public final class SegmentedLog implements AutoCloseable {
    /** What the {@code write…} methods return when they wrote nothing; {@link #commit} accepts it. */
    public static final long NOT_WRITTEN = -1;
    /** Longest producer message id a PUT may carry. */
    public static final int MAX_MESSAGE_ID_BYTES = RecordFormat.MAX_ID_BYTES;
    /** Longest body a PUT may carry (far above what one datagram can bring). */
    public static final int MAX_BODY_BYTES = RecordFormat.MAX_BODY_BYTES;
    static final String LOCK_FILE = "LOCK";

    private static final Logger LOG = Logger.getLogger(SegmentedLog.class.getName());
    private static final long MISSING = -1;
    private static final int STAGING_BYTES = 128 << 10;
    private static final int COMPACTION_BUFFER_BYTES = 1 << 20;
    private static final Segment[] NO_SEGMENTS = new Segment[0];
    private static final long JOIN_MILLIS = 10_000;

    private final Path dir;
    private final LogConfig config;
    private final ForceHook forcer;
    private final FileChannel lockChannel;
    private final FileLock dirLock;

    /** Held while a record is encoded and written; guards the index, the segment list and the counters below. */
    private final ReentrantLock appendLock = new ReentrantLock();
    /**
     * Guards {@link #forcing}; threads waiting for their records to reach the disk wait on it. Never held
     * while taking {@link #appendLock} or doing I/O other than closing a channel.
     */
    private final Object forceMonitor = new Object();
    /** True while one thread holds the right to force; the others wait rather than queue behind it. */
    private boolean forcing;
    /** Held by the one thread compacting; taken before {@link #appendLock}. */
    private final ReentrantLock compactionLock = new ReentrantLock();

    private final ArrayList<Segment> segments = new ArrayList<>();
    /** Segments rolled away from whose bytes have not been forced since. */
    private final ArrayList<Segment> unforced = new ArrayList<>();
    private Segment active;
    /** Live messages: seq to (segment id of the PUT << 32 | PUT record bytes). */
    private final LongLongMap live = new LongLongMap(1024);
    private final CRC32C crc = new CRC32C();
    private ByteBuffer staging = ByteBuffer.allocateDirect(STAGING_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    private long writtenPosition;
    private long maxSeq = -1;
    private long appendedRecords;
    private long appendedBytes;
    private RecoveredState recovered;
    private volatile boolean closed;

    /** Written by the thread holding the right to force; every record below it is on disk. */
    private volatile long durablePosition;
    private volatile long forces;

    private final CRC32C compactionCrc = new CRC32C();
    /** Bumped whenever compaction deletes or rewrites a segment; guarded by {@link #compactionLock}. */
    private long layoutVersion;
    private volatile long segmentsDeleted;
    private volatile long segmentsRewritten;
    private volatile long bytesReclaimed;

    private final AtomicLong backgroundErrors = new AtomicLong();
    private final Set<String> loggedFailures = ConcurrentHashMap.newKeySet();
    private Thread fsyncThread;
    private Thread compactorThread;

    private SegmentedLog(Path dir, LogConfig config, ForceHook forcer, FileChannel lockChannel, FileLock dirLock) {
        this.dir = dir;
        this.config = config;
        this.forcer = forcer;
        this.lockChannel = lockChannel;
        this.dirLock = dirLock;
    }

    /**
     * Opens the log in {@code dir} (created when missing), replays it, and starts its background threads.
     * Take what was replayed with {@link #takeRecovered()}.
     *
     * @throws IOException when the directory cannot be used: another open log holds it, a file in it is not a
     *                     segment of this format, or the disk fails; the message names the file and what to do
     */
    public static SegmentedLog open(Path dir, LogConfig config) throws IOException {
        return open(dir, config, ForceHook.FORCE_DATA);
    }

    static SegmentedLog open(Path dir, LogConfig config, ForceHook forcer) throws IOException {
        Objects.requireNonNull(config, "config");
        FileChannel lockChannel;
        try {
            Files.createDirectories(dir);
            lockChannel = FileChannel.open(dir.resolve(LOCK_FILE), CREATE, WRITE);
        } catch (FileAlreadyExistsException e) {
            throw new IOException("the data directory " + dir + " is not a directory (" + e.getFile()
                    + " is a file); choose a directory", e);
        } catch (AccessDeniedException e) {
            throw new IOException("cannot write in the data directory " + dir + ": permission denied on "
                    + e.getFile() + "; choose a directory this user may write, or change its permissions", e);
        } catch (NoSuchFileException e) {
            throw new IOException("cannot use the data directory " + dir + ": " + e.getFile() + " cannot be created"
                    + " (no such file or directory); choose a directory on a writable file system", e);
        } catch (FileSystemException e) {
            throw new IOException("cannot use the data directory " + dir + ": " + e.getFile() + ": "
                    + (e.getReason() == null ? e.getClass().getSimpleName() : e.getReason())
                    + "; choose a writable directory", e);
        }
        FileLock lock;
        try {
            lock = lockChannel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        } catch (IOException | RuntimeException e) {
            lockChannel.close();
            throw e;
        }
        if (lock == null) {
            lockChannel.close();
            throw new IOException("the data directory " + dir + " is in use by another open log (another queue node,"
                    + " in this process or another); stop that one or choose another data directory");
        }
        SegmentedLog log = new SegmentedLog(dir, config, forcer, lockChannel, lock);
        try {
            log.recover();
        } catch (IOException | RuntimeException e) {
            log.releaseAfterFailedOpen();
            throw e;
        }
        log.startThreads();
        return log;
    }

    /** Where the log keeps its files. */
    public Path directory() {
        return dir;
    }

    public LogConfig config() {
        return config;
    }

    /**
     * Hands over what open replayed, once, and forgets it so the bodies can be collected once the queue holds
     * them.
     *
     * @throws IllegalStateException on a second call
     */
    public RecoveredState takeRecovered() {
        appendLock.lock();
        try {
            RecoveredState state = recovered;
            if (state == null) {
                throw new IllegalStateException("the recovered state was already taken; take it once, right after open");
            }
            recovered = null;
            return state;
        } finally {
            appendLock.unlock();
        }
    }

    // ---------------------------------------------------------------- appends

    /**
     * Records a new message and, under {@link FsyncPolicy#ALWAYS}, returns once it is on disk.
     *
     * @param seq              the message's sequence number, not negative, not that of a live message
     * @param enqueuedAtMillis when the node accepted it
     * @param messageId        the producer's id (its remaining bytes, at most {@value #MAX_MESSAGE_ID_BYTES}),
     *                         or {@code null} (or empty) for none; its position does not move
     * @param body             the message (its remaining bytes); its position does not move
     * @return false, writing nothing, when the log already holds a live message with this {@code seq}
     * @throws IOException when the write or the force fails; the message may or may not have reached the disk
     */
    public boolean appendPut(long seq, long enqueuedAtMillis, ByteBuffer messageId, ByteBuffer body) throws IOException {
        long position = writePut(seq, enqueuedAtMillis, messageId, body);
        commit(position);
        return position != NOT_WRITTEN;
    }

    /** {@link #appendPut(long, long, ByteBuffer, ByteBuffer)} for arrays; {@code messageId} may be null. */
    public boolean appendPut(long seq, long enqueuedAtMillis, byte[] messageId, byte[] body) throws IOException {
        return appendPut(seq, enqueuedAtMillis, messageId == null ? null : ByteBuffer.wrap(messageId), ByteBuffer.wrap(body));
    }

    /**
     * Records that a message left the queue (taken by GET, acknowledged, dead-lettered or dropped) and,
     * under {@link FsyncPolicy#ALWAYS}, returns once that is on disk.
     *
     * @return false, writing nothing, when the log holds no live message with this {@code seq}
     */
    public boolean appendRemove(long seq) throws IOException {
        long position = writeRemove(seq);
        commit(position);
        return position != NOT_WRITTEN;
    }

    /**
     * Records that a lease handed the message out for the {@code deliveries}-th time and, under {@link
     * FsyncPolicy#ALWAYS}, returns once that is on disk. Replay keeps the largest count written.
     *
     * @return false, writing nothing, when the log holds no live message with this {@code seq}
     */
    public boolean appendDelivered(long seq, int deliveries) throws IOException {
        long position = writeDelivered(seq, deliveries);
        commit(position);
        return position != NOT_WRITTEN;
    }

    /**
     * Writes a PUT to the OS without waiting for the disk; pass the result to {@link #commit} before answering.
     * Use it to cover a batch of records with one commit: write each, then commit the last position.
     *
     * @return the log position after the record, or {@link #NOT_WRITTEN} when a live message has this seq
     */
    public long writePut(long seq, long enqueuedAtMillis, ByteBuffer messageId, ByteBuffer body) throws IOException {
        requireSeq(seq);
        Objects.requireNonNull(body, "body");
        ByteBuffer id = messageId == null || !messageId.hasRemaining() ? null : messageId;
        int idBytes = id == null ? 0 : id.remaining();
        if (idBytes > MAX_MESSAGE_ID_BYTES) {
            throw new IllegalArgumentException("a message id may have at most " + MAX_MESSAGE_ID_BYTES + " bytes, got " + idBytes);
        }
        if (body.remaining() > MAX_BODY_BYTES) {
            throw new IllegalArgumentException("a body may have at most " + MAX_BODY_BYTES + " bytes, got " + body.remaining());
        }
        int recordBytes = RecordFormat.putRecordBytes(idBytes, body.remaining());
        appendLock.lock();
        try {
            ensureOpen();
            if (live.containsKey(seq)) {
                return NOT_WRITTEN;
            }
            Segment segment = segmentFor(recordBytes);
            RecordFormat.encodePut(staging(recordBytes), crc, seq, enqueuedAtMillis, id, body);
            long end = writeStaged(segment);
            live.put(seq, pack(segment.id, recordBytes));
            segment.notePutRecord(seq);
            segment.noteLive(recordBytes);
            maxSeq = Math.max(maxSeq, seq);
            return end;
        } finally {
            appendLock.unlock();
        }
    }

    /** Writes a REMOVE without waiting for the disk; see {@link #writePut}. */
    public long writeRemove(long seq) throws IOException {
        requireSeq(seq);
        appendLock.lock();
        try {
            ensureOpen();
            long entry = live.get(seq, MISSING);
            if (entry == MISSING) {
                return NOT_WRITTEN;
            }
            Segment segment = segmentFor(REMOVE_RECORD_BYTES);
            RecordFormat.encodeRemove(staging(REMOVE_RECORD_BYTES), crc, seq);
            long end = writeStaged(segment);
            live.remove(seq);
            Segment holder = segmentById(segmentOf(entry));
            if (holder != null) {
                holder.noteRemoved(recordBytesOf(entry));
            }
            return end;
        } finally {
            appendLock.unlock();
        }
    }

    /** Writes a DELIVERED without waiting for the disk; see {@link #writePut}. */
    public long writeDelivered(long seq, int deliveries) throws IOException {
        requireSeq(seq);
        if (deliveries < 0) {
            throw new IllegalArgumentException("a delivery count cannot be negative: " + deliveries);
        }
        appendLock.lock();
        try {
            ensureOpen();
            if (!live.containsKey(seq)) {
                return NOT_WRITTEN;
            }
            Segment segment = segmentFor(DELIVERED_RECORD_BYTES);
            RecordFormat.encodeDelivered(staging(DELIVERED_RECORD_BYTES), crc, seq, deliveries);
            return writeStaged(segment);
        } finally {
            appendLock.unlock();
        }
    }

    /**
     * Makes the records up to {@code position} as durable as the policy promises: under {@link
     * FsyncPolicy#ALWAYS} returns once they are on disk; under the other policies returns at once. When
     * another thread is forcing, this waits for it and returns as soon as a force covers the position; when
     * none is, this thread forces everything written so far, for itself and every thread that waits.
     */
    public void commit(long position) throws IOException {
        if (position == NOT_WRITTEN || config.fsync() != FsyncPolicy.ALWAYS || durablePosition >= position) {
            return;
        }
        boolean interrupted = false;
        try {
            synchronized (forceMonitor) {
                while (durablePosition < position && forcing) {
                    try {
                        forceMonitor.wait();
                    } catch (InterruptedException e) {
                        // Durability is not optional for the caller: keep waiting, hand the interrupt back at the end.
                        interrupted = true;
                    }
                }
                if (durablePosition >= position) {
                    return;
                }
                forcing = true;
            }
            try {
                forceAll();
            } finally {
                releaseForce();
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The log position after the last record written; {@code commit(writtenPosition())} covers every record so far. */
    public long writtenPosition() {
        appendLock.lock();
        try {
            return writtenPosition;
        } finally {
            appendLock.unlock();
        }
    }

    /** Forces everything written so far to disk now, whatever the policy. */
    public void force() throws IOException {
        acquireForce();
        try {
            forceAll();
        } finally {
            releaseForce();
        }
    }

    private void acquireForce() {
        boolean interrupted = false;
        synchronized (forceMonitor) {
            while (forcing) {
                try {
                    forceMonitor.wait();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            forcing = true;
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void releaseForce() {
        synchronized (forceMonitor) {
            forcing = false;
            forceMonitor.notifyAll();
        }
    }

    private static void requireSeq(long seq) {
        if (seq < 0) {
            throw new IllegalArgumentException("sequence numbers start at 0; got " + seq);
        }
    }

    private void ensureOpen() throws IOException {
        if (closed) {
            throw new IOException("the log in " + dir + " is closed");
        }
    }

    private static long pack(int segmentId, int recordBytes) {
        return (long) segmentId << 32 | (recordBytes & 0xffffffffL);
    }

    private static int segmentOf(long entry) {
        return (int) (entry >>> 32);
    }

    private static int recordBytesOf(long entry) {
        return (int) entry;
    }

    /** The cleared staging buffer, grown first when a record does not fit (only bodies far beyond a datagram). */
    private ByteBuffer staging(int recordBytes) {
        if (staging.capacity() < recordBytes) {
            staging = ByteBuffer.allocateDirect(Math.max(recordBytes, staging.capacity() * 2)).order(ByteOrder.LITTLE_ENDIAN);
        }
        return staging.clear();
    }

    /** The segment the next record goes to, rolling first when it would not fit. Holds appendLock. */
    private Segment segmentFor(int recordBytes) throws IOException {
        if (active.size > HEADER_BYTES && active.size + recordBytes > config.segmentBytes()) {
            roll();
        }
        return active;
    }

    /** Writes the staged record at the end of the active segment. Holds appendLock. */
    private long writeStaged(Segment segment) throws IOException {
        ByteBuffer buf = staging.flip();
        int length = buf.remaining();
        long at = segment.size;
        // An interrupt pending when an NIO call starts closes the channel for every thread; keep it aside.
        boolean interrupted = Thread.interrupted();
        try {
            try {
                writeFully(segment.channel, buf, at);
            } catch (ClosedByInterruptException e) {
                // This thread was interrupted during the write: the record is not appended.
                reopen(segment);
                throw e;
            } catch (ClosedChannelException e) {
                // Another thread's interrupt closed the shared channel while we wrote: reopen and retry once.
                if (closed) {
                    throw e;
                }
                reopen(segment);
                buf.position(0);
                writeFully(segment.channel, buf, at);
            } catch (IOException e) {
                discardPartialWrite(segment);
                throw e;
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        segment.size = at + length;
        writtenPosition += length;
        appendedRecords++;
        appendedBytes += length;
        return writtenPosition;
    }

    private static void writeFully(FileChannel channel, ByteBuffer buf, long at) throws IOException {
        while (buf.hasRemaining()) {
            at += channel.write(buf, at);
        }
    }

    /** Replaces a channel an interrupt closed, cutting off whatever part of a record it had written. */
    private void reopen(Segment segment) throws IOException {
        boolean interrupted = Thread.interrupted();
        try {
            closeQuietly(segment.channel);
            FileChannel channel = FileChannel.open(segment.path, READ, WRITE);
            if (channel.size() > segment.size) {
                channel.truncate(segment.size);
            }
            segment.channel = channel;
            LOG.warning(() -> "reopened " + segment.path + " after an interrupted thread closed it");
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void discardPartialWrite(Segment segment) {
        try {
            if (segment.channel.size() > segment.size) {
                segment.channel.truncate(segment.size);
            }
        } catch (IOException e) {
            // Replay drops a partial record anyway; the next append overwrites it.
            LOG.log(Level.FINE, "could not cut a failed write off " + segment.path, e);
        }
    }

    /** Starts the next segment. Holds appendLock. */
    private void roll() throws IOException {
        Segment old = active;
        Segment next = createSegment(old.id + 1, maxSeq + 1);
        segments.add(next);
        active = next;
        unforced.add(old);
        if (config.fsync() == FsyncPolicy.NEVER) {
            // Nobody forces on a schedule, so release the file now unless a force is using it; force() still
            // covers it through its path.
            synchronized (forceMonitor) {
                if (!forcing) {
                    closeQuietly(old.channel);
                    old.channel = null;
                }
            }
        }
        Thread compactor = compactorThread;
        if (compactor != null) {
            LockSupport.unpark(compactor);
        }
    }

    private Segment createSegment(int id, long seqFloor) throws IOException {
        Path path = dir.resolve(RecordFormat.segmentFileName(id));
        ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        RecordFormat.encodeHeader(header, new CRC32C(), id, seqFloor);
        header.flip();
        boolean interrupted = Thread.interrupted();
        try {
            FileChannel channel = FileChannel.open(path, CREATE, TRUNCATE_EXISTING, READ, WRITE);
            try {
                writeFully(channel, header, 0);
            } catch (IOException e) {
                closeQuietly(channel);
                throw e;
            }
            if (config.fsync() != FsyncPolicy.NEVER) {
                forceDirectory();
            }
            Segment segment = new Segment(id, path, seqFloor, HEADER_BYTES);
            segment.channel = channel;
            return segment;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    // ---------------------------------------------------------------- forcing

    /** Forces every written record to disk. Holds the right to force. */
    private void forceAll() throws IOException {
        Segment current;
        FileChannel channel;
        long upTo;
        Segment[] rolled;
        appendLock.lock();
        try {
            upTo = writtenPosition;
            if (upTo == durablePosition && unforced.isEmpty()) {
                return;
            }
            current = active;
            channel = active.channel;
            rolled = unforced.isEmpty() ? NO_SEGMENTS : unforced.toArray(NO_SEGMENTS);
            unforced.clear();
        } finally {
            appendLock.unlock();
        }
        for (int i = 0; i < rolled.length; i++) {
            try {
                forceFile(rolled[i].channel, rolled[i].path);
            } catch (IOException | RuntimeException e) {
                appendLock.lock();
                try {
                    unforced.addAll(0, Arrays.asList(rolled).subList(i, rolled.length));
                } finally {
                    appendLock.unlock();
                }
                throw e;
            }
            closeQuietly(rolled[i].channel);
            rolled[i].channel = null;
        }
        forceFile(channel, current.path);
        forces += rolled.length + 1;
        durablePosition = upTo;
    }

    private void forceFile(FileChannel channel, Path path) throws IOException {
        boolean interrupted = Thread.interrupted();
        try {
            if (channel != null) {
                try {
                    forcer.force(channel);
                    return;
                } catch (ClosedByInterruptException e) {
                    throw e;
                } catch (ClosedChannelException e) {
                    // Another thread's interrupt (or close) shut the shared channel; force the file through our own.
                }
            }
            try (FileChannel own = FileChannel.open(path, READ)) {
                forcer.force(own);
            } catch (NoSuchFileException gone) {
                // Compaction deleted it: nothing in it was needed any more.
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Makes creations, renames and deletions in the directory durable. */
    private void forceDirectory() {
        try (FileChannel channel = FileChannel.open(dir, READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Some file systems refuse to open a directory; the files themselves are still forced.
            logOnce("directory-force", Level.WARNING, "cannot force the directory " + dir + " to disk", e);
        }
    }

    // ---------------------------------------------------------------- recovery

    /** A message while replay builds the live set. */
    private static final class Replayed {
        final long seq;
        final long enqueuedAtMillis;
        final byte[] messageId;
        final byte[] body;
        int deliveries;

        Replayed(long seq, long enqueuedAtMillis, byte[] messageId, byte[] body) {
            this.seq = seq;
            this.enqueuedAtMillis = enqueuedAtMillis;
            this.messageId = messageId;
            this.body = body;
        }
    }

    private void recover() throws IOException {
        deleteUnfinishedCompactions();
        int[] ids = segmentIds();
        Map<Long, Replayed> messages = new HashMap<>();
        TreeMap<Long, RecoveredId> producerIds = new TreeMap<>();
        long idCutoff = idCutoffMillis();
        long truncated = 0;
        long floor = 0;
        ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < ids.length; i++) {
            boolean newest = i == ids.length - 1;
            Path path = dir.resolve(RecordFormat.segmentFileName(ids[i]));
            try (FileChannel channel = FileChannel.open(path, READ, WRITE)) {
                long size = channel.size();
                header.clear();
                while (header.hasRemaining() && channel.read(header, header.position()) > 0) {
                    // read the header, or as much of it as the file holds
                }
                header.clear();
                Segment segment;
                switch (RecordFormat.checkHeader(header, size, crc)) {
                    case OK -> {
                        if (RecordFormat.headerSegmentId(header) != ids[i]) {
                            LOG.warning(path + " says it is segment " + RecordFormat.headerSegmentId(header)
                                    + "; replaying it as its file name says, segment " + ids[i]);
                        }
                        long seqFloor = RecordFormat.headerSeqFloor(header);
                        floor = Math.max(floor, seqFloor);
                        segment = new Segment(ids[i], path, seqFloor, HEADER_BYTES);
                        segments.add(segment);
                        truncated += replaySegment(segment, channel, size, newest, messages, producerIds, idCutoff);
                    }
                    case TORN -> {
                        if (!newest) {
                            throw new IOException(path + " has a damaged header and is not the newest segment, so the log"
                                    + " cannot be replayed in order; move it out of " + dir + " to start with the"
                                    + " messages of the other segments");
                        }
                        long seqFloor = Math.max(floor, maxSeq + 1);
                        LOG.warning(() -> "the newest segment " + path + " has a torn header (" + size
                                + " bytes): a crash while it was being created; starting it afresh");
                        truncated += size;
                        channel.truncate(0);
                        RecordFormat.encodeHeader(header.clear(), crc, ids[i], seqFloor);
                        writeFully(channel, header.flip(), 0);
                        segment = new Segment(ids[i], path, seqFloor, HEADER_BYTES);
                        segments.add(segment);
                    }
                    case NOT_A_SEGMENT -> throw new IOException(path + " is not a segment of a udpgraph log (it does not"
                            + " start with UGLG); move it out of " + dir + " or choose another data directory");
                    case UNKNOWN_VERSION -> throw new IOException(path + " was written in log format version "
                            + header.getInt(4) + " and this build reads version " + RecordFormat.VERSION
                            + "; run the build that wrote it, or choose another data directory");
                    default -> throw new AssertionError();
                }
            }
        }
        maxSeq = Math.max(maxSeq, floor - 1);
        if (segments.isEmpty()) {
            segments.add(createSegment(1, maxSeq + 1));
        }
        active = segments.get(segments.size() - 1);
        if (active.channel == null) {
            active.channel = FileChannel.open(active.path, READ, WRITE);
        }
        List<RecoveredMessage> list = new ArrayList<>(messages.size());
        messages.values().stream()
                .sorted((a, b) -> Long.compare(a.seq, b.seq))
                .forEach(m -> list.add(new RecoveredMessage(m.seq, m.enqueuedAtMillis, m.messageId, m.body, m.deliveries)));
        recovered = new RecoveredState(list, new ArrayList<>(producerIds.values()), maxSeq + 1, truncated, segments.size());
        if (truncated > 0 || !list.isEmpty()) {
            long dropped = truncated;
            LOG.info(() -> "replayed " + dir + ": " + list.size() + " live messages in " + segments.size()
                    + " segments, next sequence number " + (maxSeq + 1) + (dropped > 0 ? ", dropped " + dropped + " bytes" : ""));
        }
    }

    /** Replays one segment into {@code messages}; returns the bytes it cut off a damaged tail. */
    private long replaySegment(Segment segment, FileChannel channel, long size, boolean newest,
                               Map<Long, Replayed> messages, Map<Long, RecoveredId> producerIds, long idCutoff)
            throws IOException {
        SegmentReader reader = new SegmentReader(channel, HEADER_BYTES, size);
        for (;;) {
            SegmentReader.Step step = reader.next();
            if (step == SegmentReader.Step.RECORD) {
                apply(segment, reader, messages);
                rememberId(reader, producerIds, idCutoff);
                continue;
            }
            segment.size = reader.offset();
            if (step == SegmentReader.Step.END) {
                return 0;
            }
            long dropped = size - reader.offset();
            if (newest) {
                LOG.warning(() -> "dropped " + dropped + " bytes at the end of " + segment.path + " from offset "
                        + reader.offset() + " (" + reader.problem() + "): a write torn by a crash");
            } else {
                LOG.warning(() -> "segment " + segment.path + " is damaged at offset " + reader.offset() + " ("
                        + reader.problem() + "): dropped the " + dropped + " bytes after it, and any messages in them");
            }
            channel.truncate(reader.offset());
            return dropped;
        }
    }

    private void apply(Segment segment, SegmentReader reader, Map<Long, Replayed> messages) {
        long seq = reader.seq();
        maxSeq = Math.max(maxSeq, seq);
        switch (reader.type()) {
            case TYPE_PUT -> {
                segment.notePutRecord(seq);
                if (live.containsKey(seq)) {
                    LOG.warning(() -> "ignored a second PUT of live message " + seq + " in " + segment.path);
                    return;
                }
                messages.put(seq, new Replayed(seq, reader.enqueuedAtMillis(), reader.copyId(), reader.copyBody()));
                live.put(seq, pack(segment.id, reader.recordBytes()));
                segment.noteLive(reader.recordBytes());
            }
            case TYPE_REMOVE -> {
                long entry = live.get(seq, MISSING);
                if (entry != MISSING) {
                    live.remove(seq);
                    messages.remove(seq);
                    Segment holder = segmentById(segmentOf(entry));
                    if (holder != null) {
                        holder.noteRemoved(recordBytesOf(entry));
                    }
                }
            }
            case TYPE_DELIVERED -> {
                Replayed message = messages.get(seq);
                if (message != null) {
                    message.deliveries = Math.max(message.deliveries, reader.deliveries());
                }
            }
            case TYPE_ID -> {
                // Only deduplication needs it; rememberId takes it.
            }
            default -> throw new AssertionError("reader passed an unknown type " + reader.type());
        }
    }

    /** Keeps the id of a PUT or ID record written inside the id retention, for the node's dedup window. */
    private static void rememberId(SegmentReader reader, Map<Long, RecoveredId> producerIds, long idCutoff) {
        if ((reader.type() == TYPE_PUT || reader.type() == TYPE_ID) && reader.enqueuedAtMillis() >= idCutoff) {
            byte[] id = reader.copyId();
            if (id != null) {
                producerIds.put(reader.seq(), new RecoveredId(reader.seq(), reader.enqueuedAtMillis(), id));
            }
        }
    }

    /** Ids of messages accepted before this instant are forgotten; Long.MAX_VALUE when none are kept. */
    private long idCutoffMillis() {
        long retention = config.idRetention().toMillis();
        return retention <= 0 ? Long.MAX_VALUE : System.currentTimeMillis() - retention;
    }

    private void deleteUnfinishedCompactions() throws IOException {
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, "*" + COMPACT_SUFFIX)) {
            for (Path leftover : stream) {
                Files.delete(leftover);
                LOG.info(() -> "deleted " + leftover + ", left by a compaction that did not finish; its segment is intact");
            }
        }
    }

    private int[] segmentIds() throws IOException {
        List<Integer> ids = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            for (Path path : stream) {
                int id = RecordFormat.parseSegmentFileName(path.getFileName().toString());
                if (id > 0) {
                    ids.add(id);
                }
            }
        }
        return ids.stream().mapToInt(Integer::intValue).sorted().toArray();
    }

    /** The segment with this number, or null. Holds appendLock (or runs before the log is shared). */
    private Segment segmentById(int id) {
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

    // ---------------------------------------------------------------- compaction

    /** What compaction keeps of one segment. */
    private static final class Plan {
        static final long DROPPED = -1;
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

    /**
     * Compacts the sealed segments now and returns what it did; the background compactor calls this every
     * {@link LogConfig#compactionInterval()}. A segment whose live messages take less than {@link
     * LogConfig#compactionLiveRatio()} of it is read; if nothing in it is still needed it is deleted, and if
     * what is needed fits in that fraction of it, it is rewritten with only that. Safe to call from any
     * thread while others append; a crash at any point leaves either the old or the new file of a segment.
     */
    public CompactionResult compactNow() throws IOException {
        compactionLock.lock();
        try {
            if (closed) {
                return CompactionResult.NOTHING;
            }
            Segment[] sealed;
            appendLock.lock();
            try {
                sealed = segments.subList(0, segments.size() - 1).toArray(NO_SEGMENTS);
            } finally {
                appendLock.unlock();
            }
            int deleted = 0;
            int rewritten = 0;
            long reclaimed = 0;
            for (Segment segment : sealed) {
                if (closed) {
                    break;
                }
                long liveBytes;
                appendLock.lock();
                try {
                    liveBytes = segment.liveBytes;
                } finally {
                    appendLock.unlock();
                }
                if (liveBytes >= config.compactionLiveRatio() * segment.size
                        || segment.scannedLiveBytes == liveBytes && segment.scannedLayoutVersion == layoutVersion
                        && System.currentTimeMillis() < segment.idsExpireAtMillis) {
                    continue;
                }
                Plan plan = plan(segment);
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
                if (plan.keptBytes() == 0) {
                    delete(segment);
                    deleted++;
                    reclaimed += before;
                } else if (HEADER_BYTES + plan.keptBytes() <= config.compactionLiveRatio() * before) {
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
                LOG.fine(() -> "compacted " + dir + ": deleted " + d + " and rewrote " + r + " segments, reclaimed " + gained + " bytes");
            }
            return new CompactionResult(deleted, rewritten, reclaimed);
        } finally {
            compactionLock.unlock();
        }
    }

    /** Reads a sealed segment and decides what of it is still needed; null when the log closed meanwhile. */
    private Plan plan(Segment segment) throws IOException {
        List<Segment> earlier = new ArrayList<>();
        appendLock.lock();
        try {
            for (Segment s : segments) {
                if (s.id < segment.id && s.maxPutSeq >= 0) {
                    earlier.add(s);
                }
            }
        } finally {
            appendLock.unlock();
        }
        Plan plan = new Plan();
        long idCutoff = idCutoffMillis();
        try (FileChannel channel = FileChannel.open(segment.path, READ)) {
            SegmentReader reader = new SegmentReader(channel, HEADER_BYTES, segment.size);
            for (;;) {
                if (closed) {
                    return null;
                }
                SegmentReader.Step step = reader.next();
                if (step == SegmentReader.Step.END) {
                    return plan;
                }
                if (step == SegmentReader.Step.BAD) {
                    LOG.warning(() -> "compaction found " + segment.path + " damaged at offset " + reader.offset()
                            + " (" + reader.problem() + "); keeping what precedes it");
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
                        if (isLive(seq)) {
                            plan.delivered.merge(seq, reader.deliveries(), Math::max);
                        }
                    }
                    default -> throw new AssertionError();
                }
            }
        }
    }

    private boolean isLive(long seq) {
        appendLock.lock();
        try {
            return live.containsKey(seq);
        } finally {
            appendLock.unlock();
        }
    }

    private boolean isLiveIn(long seq, int segmentId) {
        appendLock.lock();
        try {
            long entry = live.get(seq, MISSING);
            return entry != MISSING && segmentOf(entry) == segmentId;
        } finally {
            appendLock.unlock();
        }
    }

    private void delete(Segment segment) throws IOException {
        Files.delete(segment.path);
        forceDirectory();
        appendLock.lock();
        try {
            segments.remove(segment);
        } finally {
            appendLock.unlock();
        }
        layoutVersion++;
    }

    /** Rewrites a sealed segment with what the plan keeps; false when the log closed meanwhile. */
    private boolean rewrite(Segment segment, Plan plan) throws IOException {
        Path temp = dir.resolve(segment.path.getFileName() + ".compact");
        long newSize;
        try {
            try (FileChannel in = FileChannel.open(segment.path, READ);
                 FileChannel out = FileChannel.open(temp, CREATE, TRUNCATE_EXISTING, WRITE)) {
                ByteBuffer buf = ByteBuffer.allocate(COMPACTION_BUFFER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
                RecordFormat.encodeHeader(buf, compactionCrc, segment.id, segment.seqFloor);
                long written = 0;
                SegmentReader reader = new SegmentReader(in, HEADER_BYTES, segment.size);
                // REMOVEs only cancel PUTs of earlier files, so they go first: a PUT here can never precede them.
                for (int i = 0; i < plan.removeCount; i++) {
                    if (buf.remaining() < REMOVE_RECORD_BYTES) {
                        written += drain(buf, out, written);
                    }
                    RecordFormat.encodeRemove(buf, compactionCrc, plan.removes[i]);
                }
                for (RecoveredId id : plan.ids) {
                    if (buf.remaining() < RecordFormat.idRecordBytes(id.messageId().length)) {
                        written += drain(buf, out, written);
                    }
                    RecordFormat.encodeId(buf, compactionCrc, id.seq(), id.enqueuedAtMillis(), id.messageId());
                }
                for (int k = 0; k < plan.puts; ) {
                    if (plan.putOffsets[k] == Plan.DROPPED) {
                        k++;
                        continue;
                    }
                    if (closed) {
                        Files.deleteIfExists(temp);
                        return false;
                    }
                    if (reader.next() != SegmentReader.Step.RECORD) {
                        throw new IOException(segment.path + " changed while it was compacted: " + reader.problem());
                    }
                    if (reader.offset() == plan.putOffsets[k]) {
                        if (buf.remaining() < reader.recordBytes()) {
                            written += drain(buf, out, written);
                            if (buf.capacity() < reader.recordBytes()) {
                                buf = ByteBuffer.allocate(reader.recordBytes()).order(ByteOrder.LITTLE_ENDIAN);
                            }
                        }
                        reader.copyRecordTo(buf);
                        k++;
                    }
                }
                for (Map.Entry<Long, Integer> d : plan.delivered.entrySet()) {
                    if (buf.remaining() < DELIVERED_RECORD_BYTES) {
                        written += drain(buf, out, written);
                    }
                    RecordFormat.encodeDelivered(buf, compactionCrc, d.getKey(), d.getValue());
                }
                written += drain(buf, out, written);
                forcer.force(out);
                newSize = written;
            }
            Files.move(temp, segment.path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        forceDirectory();
        appendLock.lock();
        try {
            segment.size = newSize;
            segment.liveCount = 0;
            segment.liveBytes = 0;
            segment.minPutSeq = Long.MAX_VALUE;
            segment.maxPutSeq = -1;
            for (int k = 0; k < plan.puts; k++) {
                if (plan.putOffsets[k] == Plan.DROPPED) {
                    continue;
                }
                long seq = plan.putSeqs[k];
                segment.notePutRecord(seq);
                long entry = live.get(seq, MISSING);
                if (entry != MISSING && segmentOf(entry) == segment.id) {
                    segment.noteLive(recordBytesOf(entry));
                }
            }
            segment.scannedLiveBytes = segment.liveBytes;
        } finally {
            appendLock.unlock();
        }
        layoutVersion++;
        segment.scannedLayoutVersion = layoutVersion;
        return true;
    }

    private static int drain(ByteBuffer buf, FileChannel out, long at) throws IOException {
        buf.flip();
        int bytes = buf.remaining();
        writeFully(out, buf, at);
        buf.clear();
        return bytes;
    }

    // ---------------------------------------------------------------- threads, stats, close

    private void startThreads() {
        String name = dir.getFileName() == null ? dir.toString() : dir.getFileName().toString();
        if (config.fsync() == FsyncPolicy.INTERVAL) {
            fsyncThread = new Thread(this::fsyncLoop, "udpgraph-log-fsync-" + name);
            fsyncThread.setDaemon(true);
            fsyncThread.start();
        }
        if (!config.compactionInterval().isZero()) {
            Thread compactor = new Thread(this::compactionLoop, "udpgraph-log-compactor-" + name);
            compactor.setDaemon(true);
            appendLock.lock();
            try {
                compactorThread = compactor;
            } finally {
                appendLock.unlock();
            }
            compactor.start();
        }
    }

    private void fsyncLoop() {
        long interval = config.fsyncInterval().toNanos();
        long due = System.nanoTime() + interval;
        while (!closed) {
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(this, wait);
                continue;
            }
            due += interval;
            try {
                force();
            } catch (IOException | RuntimeException e) {
                backgroundFailure("forcing the log to disk", e);
            }
        }
    }

    private void compactionLoop() {
        long interval = config.compactionInterval().toNanos();
        while (!closed) {
            LockSupport.parkNanos(this, interval);
            if (closed) {
                return;
            }
            try {
                compactNow();
            } catch (IOException | RuntimeException e) {
                backgroundFailure("compacting the log", e);
            }
        }
    }

    private void backgroundFailure(String what, Exception e) {
        backgroundErrors.incrementAndGet();
        logOnce(what + e.getClass().getName(), Level.WARNING, what + " in " + dir + " failed (logged once per kind;"
                + " see backgroundErrors in the log's stats)", e);
    }

    private void logOnce(String kind, Level level, String message, Throwable e) {
        if (loggedFailures.add(kind)) {
            LOG.log(level, message, e);
        }
    }

    /** A snapshot of the counters; cheap enough for a metrics scrape. */
    public LogStats stats() {
        appendLock.lock();
        try {
            long diskBytes = 0;
            for (Segment s : segments) {
                diskBytes += s.size;
            }
            return new LogStats(appendedRecords, appendedBytes, forces, writtenPosition, durablePosition, segments.size(),
                    diskBytes, live.size(), segmentsDeleted, segmentsRewritten, bytesReclaimed, backgroundErrors.get());
        } finally {
            appendLock.unlock();
        }
    }

    /**
     * Stops the background threads, forces what was written to disk (under every policy) and releases the
     * files and the directory. Appends after or during close fail with an {@link IOException}. Idempotent.
     */
    @Override
    public void close() throws IOException {
        appendLock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
        } finally {
            appendLock.unlock();
        }
        stop(fsyncThread);
        stop(compactorThread);
        compactionLock.lock();
        compactionLock.unlock();
        IOException failure = null;
        acquireForce();
        try {
            try {
                forceAll();
            } catch (IOException e) {
                failure = e;
            }
            appendLock.lock();
            try {
                for (Segment s : unforced) {
                    closeQuietly(s.channel);
                    s.channel = null;
                }
                closeQuietly(active.channel);
                active.channel = null;
            } finally {
                appendLock.unlock();
            }
        } finally {
            releaseForce();
        }
        try {
            dirLock.release();
        } catch (IOException e) {
            // Closing the channel releases it too.
        }
        lockChannel.close();
        if (failure != null) {
            throw failure;
        }
    }

    private void stop(Thread thread) {
        if (thread == null) {
            return;
        }
        LockSupport.unpark(thread);
        try {
            thread.join(JOIN_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (thread.isAlive()) {
            LOG.warning(() -> thread.getName() + " did not stop within " + JOIN_MILLIS + " ms of close");
        }
    }

    private void releaseAfterFailedOpen() {
        for (Segment s : segments) {
            closeQuietly(s.channel);
        }
        try {
            dirLock.release();
        } catch (IOException ignored) {
            // Closing the channel releases it too.
        }
        closeQuietly(lockChannel);
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException e) {
            // Closing a file we only read or already forced; nothing is lost.
        }
    }

    @Override
    public String toString() {
        return "SegmentedLog[" + dir + ", " + config.fsync().word() + "]";
    }
}
