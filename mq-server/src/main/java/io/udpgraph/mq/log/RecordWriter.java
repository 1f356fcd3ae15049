package io.udpgraph.mq.log;

import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.WRITE;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.util.function.BooleanSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Hands encoded records to the active segment file. When staging is on (a policy that does not force on commit),
 * a record that lands inside the zeros the {@link Preallocator} already wrote ahead is kept in a buffer and written
 * with every record staged after it by one positional write at {@link #flush()}: that write overwrites blocks the
 * file has, so it cannot fail for lack of space, and the caller may treat the record as written. Any other record
 * (past the preallocated zone, or with staging off) is written at once, after what is staged, and may fail as a
 * full disk makes it fail: it is then cut off again and the caller refuses its request.
 *
 * <p>Thread contract: used only under the appender's lock. Staged records always belong to the active segment:
 * the appender flushes before it rolls, trims or closes.
 */
final class RecordWriter {
    private static final Logger LOG = Logger.getLogger(RecordWriter.class.getName());
    private static final int BUFFER_BYTES = 128 << 10;

    private final boolean stages;
    private final Preallocator preallocator;
    private final BooleanSupplier closed;
    /** Staged records in {@code [0, position)}, then the record being encoded. */
    private ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    /** A view of the buffer to write from, so a write allocates nothing. */
    private ByteBuffer view = buffer.duplicate();
    private Segment stagedIn;
    /** Where the first staged byte goes in {@code stagedIn}. */
    private long stagedAt;
    private long writes;

    RecordWriter(boolean stages, Preallocator preallocator, BooleanSupplier closed) {
        this.stages = stages;
        this.preallocator = preallocator;
        this.closed = closed;
    }

    /**
     * The buffer to encode one record of {@code recordBytes} into, at its position, after the staged records;
     * writes those first when the record would not fit behind them.
     */
    ByteBuffer room(int recordBytes) throws IOException {
        if (buffer.capacity() - buffer.position() < recordBytes) {
            flush();
            if (buffer.capacity() < recordBytes) {
                buffer = ByteBuffer.allocateDirect(Math.max(recordBytes, buffer.capacity() * 2)).order(ByteOrder.LITTLE_ENDIAN);
                view = buffer.duplicate();
            }
        }
        return buffer;
    }

    /**
     * Appends the record encoded in the buffer from {@code start} to its position at the end of {@code segment},
     * staging it when it may, and returns its length; grows {@code segment.size} by it.
     *
     * @throws IOException when the record could not be written (nothing of it is left in the file or the buffer)
     */
    int append(Segment segment, int start) throws IOException {
        int end = buffer.position();
        int length = end - start;
        long at = segment.size;
        // An interrupt pending when an NIO call starts closes the channel for every thread; keep it aside.
        boolean interrupted = Thread.interrupted();
        try {
            preallocate(segment, at + length);
            if (stages && at + length <= segment.allocated) {
                if (start == 0) {
                    stagedIn = segment;
                    stagedAt = at;
                }
                segment.size = at + length;
                return length;
            }
            writeStaged(start);
        } catch (IOException | RuntimeException e) {
            // The record is not appended; what was staged before it stays staged.
            buffer.position(start);
            throw e;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            write(segment, window(start, end), at);
        } catch (IOException e) {
            discardPartialWrite(segment);
            throw e;
        } finally {
            buffer.clear();
        }
        segment.size = at + length;
        return length;
    }

    private void preallocate(Segment segment, long end) throws IOException {
        try {
            preallocator.ahead(segment, end);
        } catch (ClosedChannelException e) {
            // Another thread's interrupt closed the shared channel: reopen and try once more.
            if (closed.getAsBoolean()) {
                throw e;
            }
            reopen(segment);
            preallocator.ahead(segment, end);
        }
    }

    /** Writes every staged record with one positional write; on failure they stay staged for the next try. */
    void flush() throws IOException {
        writeStaged(buffer.position());
        buffer.clear();
    }

    /** Where the staged records start in {@code segment}'s file, or -1 when none of its records are staged. */
    long stagedAt(Segment segment) {
        return staged() && stagedIn == segment ? stagedAt : -1;
    }

    /** The staged records, from index 0, as they will be written at {@link #stagedAt}. */
    ByteBuffer stagedRecords() {
        return buffer;
    }

    /** Bytes of the staging buffer. */
    int bufferBytes() {
        return buffer.capacity();
    }

    /** True when records wait in the buffer for {@link #flush()}. */
    boolean staged() {
        return buffer.position() > 0;
    }

    /** Positional writes of records issued so far (one per flush of staged records, one per record written at once). */
    long writes() {
        return writes;
    }

    private void writeStaged(int stagedBytes) throws IOException {
        if (stagedBytes > 0) {
            write(stagedIn, window(0, stagedBytes), stagedAt);
        }
    }

    private ByteBuffer window(int from, int to) {
        return view.limit(to).position(from);
    }

    /** Writes {@code buf} at {@code at} in the segment's file, keeping a pending interrupt aside meanwhile. */
    private void write(Segment segment, ByteBuffer buf, long at) throws IOException {
        writes++;
        int from = buf.position();
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
                if (closed.getAsBoolean()) {
                    throw e;
                }
                reopen(segment);
                buf.position(from);
                writeFully(segment.channel, buf, at);
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    static void writeFully(FileChannel channel, ByteBuffer buf, long at) throws IOException {
        while (buf.hasRemaining()) {
            at += channel.write(buf, at);
        }
    }

    /** Replaces a channel an interrupt closed, cutting off whatever part of a record it had written. */
    private static void reopen(Segment segment) throws IOException {
        boolean interrupted = Thread.interrupted();
        try {
            DataDirectory.closeQuietly(segment.channel);
            FileChannel channel = FileChannel.open(segment.path, READ, WRITE);
            if (channel.size() > segment.size) {
                channel.truncate(segment.size);
            }
            segment.allocated = segment.size;
            segment.channel = channel;
            LOG.warning(() -> "reopened " + segment.path + " after an interrupted thread closed it");
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void discardPartialWrite(Segment segment) {
        try {
            Preallocator.trim(segment);
        } catch (IOException e) {
            // Replay drops a partial record anyway; the next append overwrites it.
            LOG.log(Level.FINE, "could not cut a failed write off " + segment.path, e);
        }
    }
}
