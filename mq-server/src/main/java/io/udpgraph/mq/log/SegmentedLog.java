package io.udpgraph.mq.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The queue node's durable log: open it on the data directory at start, load {@link #takeRecovered()} into
 * the queue, then append a record for every PUT, every removal and every lease hand-out.
 *
 * <p>Record layout and file names are in the package documentation. This class puts together the parts:
 * the {@link DataDirectory} (lock, names, quarantine), the {@link Replayer} that rebuilds the state at open,
 * the {@link Appender} that writes records and rolls segments, the {@link GroupCommit} that shares forces,
 * and the {@link Compactor}; it runs the fsync and compactor threads. Appends go to the newest segment; under
 * {@link FsyncPolicy#ALWAYS} with one positional {@code write} each, under the other policies staged and
 * written together by the next {@link #commit} (one {@code write} for a turn of records), so a killed process
 * loses nothing that a commit returned for; what a power cut may lose depends on the {@link FsyncPolicy}.
 *
 * <p>Thread contract: any number of threads may append, commit, force, compact and read stats at once.
 * Appends are serialised by one lock held only while a record is encoded and written to the OS; under
 * {@link FsyncPolicy#ALWAYS} the force happens outside that lock, and one force covers every record
 * written before it started (group commit). A thread's interrupt status is left as it was: an interrupt
 * does not close the log for the other threads.
 *
 * <p>Ordering contract: append a message's PUT before any REMOVE or DELIVERED of it. A sequence number must not
 * be used for a second message while the first is live; handing out numbers from {@link RecoveredState#nextSeq()}
 * avoids it. A REMOVE or DELIVERED for a message the log does not hold writes nothing and says so. A write that
 * fails (a full disk) changes nothing: the caller may refuse its request, and the next write can succeed.
 */
public final class SegmentedLog implements AutoCloseable {
    /** What the {@code write…} methods return when they wrote nothing; {@link #commit} accepts it. */
    public static final long NOT_WRITTEN = Appender.NOT_WRITTEN;
    /** Longest producer message id a PUT may carry. */
    public static final int MAX_MESSAGE_ID_BYTES = RecordFormat.MAX_ID_BYTES;
    /** Longest body a PUT may carry (far above what one datagram can bring). */
    public static final int MAX_BODY_BYTES = RecordFormat.MAX_BODY_BYTES;

    private static final Logger LOG = Logger.getLogger(SegmentedLog.class.getName());
    private static final long JOIN_MILLIS = 10_000;

    private final DataDirectory dir;
    private final LogConfig config;
    private final Appender appender;
    private final LiveReads reads;
    private final GroupCommit commits;
    private final Compactor compactor;
    private final Object recoveredLock = new Object();
    private RecoveredState recovered;
    private final RecoveredState replayed;
    /** Delivery counts of live messages for {@link #forEachLive}, until it has run. */
    private LongLongMap recoveredCounts;
    private volatile boolean closed;
    private final AtomicLong backgroundErrors = new AtomicLong();
    private final Set<String> loggedFailures = ConcurrentHashMap.newKeySet();
    private volatile Thread fsyncThread;
    private volatile Thread compactorThread;

    private SegmentedLog(DataDirectory dir, LogConfig config, ForceHook forcer, Replayer.Result replay) {
        this.dir = dir;
        this.config = config;
        this.appender = new Appender(dir, config, replay, this::wakeCompactor);
        this.reads = new LiveReads(appender);
        this.commits = new GroupCommit(appender, forcer);
        this.compactor = new Compactor(dir, config, appender, commits, forcer, () -> closed);
        this.recovered = replay.state();
        this.replayed = replay.state();
        this.recoveredCounts = replay.counts();
    }

    /**
     * Opens the log in {@code dir} (created when missing), replays it, and starts its background threads.
     * Take what was replayed with {@link #takeRecovered()}.
     *
     * @throws IOException when the directory cannot be used: another open log holds it, a file in it is not a
     *                     segment of this format, a segment is missing (and {@link LogConfig#repair()} is off), or
     *                     the disk fails; the message names the file and what to do
     */
    public static SegmentedLog open(Path dir, LogConfig config) throws IOException {
        return open(dir, config, ForceHook.FORCE_DATA);
    }

    static SegmentedLog open(Path dir, LogConfig config, ForceHook forcer) throws IOException {
        return open(dir, config, forcer, true);
    }

    /**
     * Opens the log; with {@code replayBodies} false, replay builds the index alone and {@link #takeRecovered}
     * holds no messages: {@link #forEachLive} hands them over read from the files, and a node that keeps only the
     * index reads each body back with {@link #readPut} when it delivers it, so an open costs no memory for the
     * backlog's bytes.
     */
    static SegmentedLog open(Path dir, LogConfig config, ForceHook forcer, boolean replayBodies) throws IOException {
        Objects.requireNonNull(config, "config");
        DataDirectory directory = DataDirectory.lock(dir);
        Replayer.Result replay;
        try {
            replay = Replayer.replay(directory, config, replayBodies);
        } catch (IOException | RuntimeException e) {
            directory.close();
            throw e;
        }
        SegmentedLog log = new SegmentedLog(directory, config, forcer, replay);
        log.startThreads();
        return log;
    }

    /**
     * Reads live message {@code seq}'s PUT record back into {@code view}: its body, producer id and put time;
     * false when {@code seq} is not live. Records not yet written to the file are read from where they wait.
     *
     * @throws IOException when the file cannot be read, or holds a damaged record where the index points; the
     *                     message names the file and the offset
     */
    public boolean readPut(long seq, PutView view) throws IOException {
        return reads.readPut(seq, view);
    }

    /** Heap and buffer bytes the log holds in memory: its live index and its staging buffer. */
    public long memoryBytes() {
        return appender.memoryBytes();
    }

    /** Where the log keeps its files. */
    public Path directory() {
        return dir.path();
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
        synchronized (recoveredLock) {
            RecoveredState state = recovered;
            if (state == null) {
                throw new IllegalStateException("the recovered state was already taken; take it once, right after open");
            }
            recovered = null;
            return state;
        }
    }

    /** Receives a live message read back from the log. */
    public interface LiveVisitor {
        /** {@code put} holds the message's PUT record until the call returns; {@code deliveries} its largest count. */
        void message(long seq, PutView put, int deliveries) throws IOException;
    }

    /**
     * For a log opened without bodies: hands every live message to {@code visitor}, oldest first, its PUT read back
     * from the files, so a node can count and queue them without holding their bytes. Call it once, right after
     * open and before the first append.
     *
     * @throws IOException when a live record cannot be read back; the message names the file
     */
    public void forEachLive(LiveVisitor visitor) throws IOException {
        LongLongMap counts = recoveredCounts;
        if (counts == null) {
            throw new IllegalStateException("the live messages were already handed over; do it once, right after open");
        }
        recoveredCounts = null;
        reads.forEachLive(new PutView(), counts, visitor);
    }

    /** What open found damaged or repaired, one line each; empty when the log was intact. */
    public java.util.List<String> damage() {
        return replayed.damage();
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
     * Writes a PUT (or stages it, to be written by the next {@link #commit}) without waiting for the disk; pass
     * the result to {@link #commit} before answering.
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
        return appender.writePut(seq, enqueuedAtMillis, id, body);
    }

    /** Writes a REMOVE without waiting for the disk; see {@link #writePut}. */
    public long writeRemove(long seq) throws IOException {
        requireSeq(seq);
        return appender.writeRemove(seq);
    }

    /** Writes a DELIVERED without waiting for the disk; see {@link #writePut}. */
    public long writeDelivered(long seq, int deliveries) throws IOException {
        requireSeq(seq);
        if (deliveries < 0) {
            throw new IllegalArgumentException("a delivery count cannot be negative: " + deliveries);
        }
        return appender.writeDelivered(seq, deliveries);
    }

    /**
     * Makes the records up to {@code position} as durable as the policy promises: under {@link
     * FsyncPolicy#ALWAYS} returns once they are on disk; under the other policies returns once every record
     * written so far is in the OS (the records staged since the last commit go out with one write). When
     * another thread is forcing, this waits for it and returns as soon as a force covers the position; when
     * none is, this thread forces everything written so far, for itself and every thread that waits.
     */
    public void commit(long position) throws IOException {
        if (position == NOT_WRITTEN) {
            return;
        }
        if (config.fsync() != FsyncPolicy.ALWAYS) {
            appender.flush();
            return;
        }
        commits.commit(position);
    }

    /** Positional writes of records so far; a turn of staged records costs one. */
    long recordWrites() {
        return appender.recordWrites();
    }

    /** The log position after the last record written; {@code commit(writtenPosition())} covers every record so far. */
    public long writtenPosition() {
        return appender.writtenPosition();
    }

    /** Forces everything written so far to disk now, whatever the policy. */
    public void force() throws IOException {
        commits.force();
    }

    private static void requireSeq(long seq) {
        if (seq < 0) {
            throw new IllegalArgumentException("sequence numbers start at 0; got " + seq);
        }
    }

    /**
     * Compacts the sealed segments now and returns what it did; the background compactor calls this every
     * {@link LogConfig#compactionInterval()}. A segment whose live messages take less than {@link
     * LogConfig#compactionLiveRatio()} of it is read; if nothing in it is still needed it is deleted (the lowest)
     * or cut to its header, and if what is needed fits in that fraction of it, it is rewritten with only that.
     * Safe to call from any thread while others append; a crash at any point leaves either the old or the new
     * file of a segment.
     */
    public CompactionResult compactNow() throws IOException {
        return compactor.compactNow();
    }

    // ---------------------------------------------------------------- threads, stats, close

    private void wakeCompactor() {
        Thread thread = compactorThread;
        if (thread != null) {
            LockSupport.unpark(thread);
        }
    }

    private void startThreads() {
        Path name = dir.path().getFileName();
        String suffix = name == null ? dir.path().toString() : name.toString();
        if (config.fsync() == FsyncPolicy.INTERVAL) {
            fsyncThread = daemon(this::fsyncLoop, "udpgraph-log-fsync-" + suffix);
        }
        if (!config.compactionInterval().isZero()) {
            compactorThread = daemon(this::compactionLoop, "udpgraph-log-compactor-" + suffix);
        }
    }

    private static Thread daemon(Runnable loop, String name) {
        Thread thread = new Thread(loop, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
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
        if (loggedFailures.add(what + e.getClass().getName())) {
            LOG.log(Level.WARNING, what + " in " + dir.path() + " failed (logged once per kind; see backgroundErrors"
                    + " in the log's stats)", e);
        }
    }

    /** A snapshot of the counters; cheap enough for a metrics scrape. */
    public LogStats stats() {
        return appender.stats(commits.forces(), commits.durablePosition(), compactor.segmentsDeleted(),
                compactor.segmentsRewritten(), compactor.bytesReclaimed(), backgroundErrors.get());
    }

    /**
     * Stops the background threads, forces what was written to disk (under every policy) and releases the
     * files and the directory. Appends after or during close fail with an {@link IOException}. Idempotent.
     */
    @Override
    public void close() throws IOException {
        if (!appender.close()) {
            return;
        }
        closed = true;
        stop(fsyncThread);
        stop(compactorThread);
        compactor.lock.lock();
        compactor.lock.unlock();
        IOException failure = null;
        commits.acquire();
        try {
            try {
                commits.forceAll();
            } catch (IOException e) {
                failure = e;
            }
            appender.closeChannels();
        } finally {
            commits.release();
        }
        dir.close();
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

    @Override
    public String toString() {
        return "SegmentedLog[" + dir.path() + ", " + config.fsync().word() + "]";
    }
}
