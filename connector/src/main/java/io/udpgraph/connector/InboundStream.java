package io.udpgraph.connector;

import io.udpgraph.protocol.Utf8;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;

/**
 * One inbound byte stream (a TCP connection, or udp-in's datagrams) and the bytes read from it that are not yet
 * stored in the queue node. Bytes stay in the buffer until the node acknowledged the PUT of their frame, so a
 * refused or unanswered batch is sent again from the same bytes and nothing read is ever dropped; while the
 * buffer is full, the stream is not read and TCP pushes back to the sender.
 *
 * <pre>
 *   0 ........ acked ........ scanned ........ filled ........ capacity
 *   | stored   | in a batch   | read, not yet  | free          |
 *              | (unsettled)  | framed         |               |
 * </pre>
 *
 * Used by one thread.
 */
final class InboundStream {
    private final long id;
    private final ByteBuffer buf;
    private int acked;
    private int scanned;
    private int filled;
    private int lastFrameStart;
    private long ackedSeq;
    private long scannedSeq;
    private String failure;
    /** Where the frame that failed the stream starts: frames before it are still stored. */
    private int failedAt = Integer.MAX_VALUE;
    private boolean ended;
    /** The last scan found no whole frame after the ones scanned. */
    private boolean exhausted;
    /** The batch round in which a frame of this stream was last refused: later frames of that round are not acked. */
    private long refusedInRound = -1;

    InboundStream(long id, int capacityBytes) {
        this.id = id;
        this.buf = ByteBuffer.allocateDirect(capacityBytes);
    }

    /** The connection number, part of the PUTID ids under effectively-once. */
    long id() {
        return id;
    }

    ByteBuffer buffer() {
        return buf;
    }

    /** Bytes free for reading, once {@link #compact()} has moved the stored bytes out. */
    int room() {
        return buf.capacity() - filled + acked;
    }

    /** True when the stream may be read: no malformed frame seen, no end of stream, room in the buffer. */
    boolean wantsRead() {
        return failure == null && !ended && room() > 0;
    }

    /** Moves the unstored bytes to the front; only between batches, as a batch refers to absolute indexes. */
    void compact() {
        if (acked == 0) {
            return;
        }
        buf.limit(filled).position(acked);
        buf.compact();
        if (failure != null) {
            failedAt -= acked;
        }
        scanned -= acked;
        filled -= acked;
        acked = 0;
    }

    /** Reads what the channel has into the free space; returns the bytes read, -1 at the end of the stream. */
    int readFrom(ReadableByteChannel channel) throws IOException {
        compact();
        buf.limit(buf.capacity()).position(filled);
        int n = channel.read(buf);
        if (n < 0) {
            ended = true;
        } else if (n > 0) {
            filled += n;
            exhausted = false;
        }
        return n;
    }

    /** The free space, at its position, for a caller that frames what it appends itself (udp-in). */
    ByteBuffer appendBuffer() {
        compact();
        buf.limit(buf.capacity()).position(filled);
        return buf;
    }

    /** Takes what was appended to {@link #appendBuffer()} since it was returned. */
    void appended() {
        filled = buf.position();
        exhausted = false;
    }

    /**
     * Frames the next message after the ones scanned; returns the frame's end (absolute), or -1 when no whole frame
     * is buffered or the stream failed. A malformed frame, or a message that is not UTF-8, fails the stream.
     */
    int nextFrame(FrameCodec codec, FrameSpan span) {
        if (failure != null && scanned >= failedAt) {
            return -1;
        }
        int n;
        try {
            n = codec.scan(buf, scanned, filled, span);
        } catch (MalformedFrameException e) {
            failAt(scanned, e.getMessage());
            return -1;
        }
        if (n == FrameCodec.NEED_MORE) {
            exhausted = true;
            return -1;
        }
        int bad = Utf8.firstInvalid(buf, span.messageStart(), span.messageLength());
        if (bad >= 0) {
            failAt(scanned, "message " + (scannedSeq + 1) + " is not UTF-8 at byte " + bad
                    + " (queue messages are text; encode the payload, e.g. base64)");
            return -1;
        }
        lastFrameStart = scanned;
        scanned += n;
        scannedSeq++;
        exhausted = false;
        return scanned;
    }

    /** Puts the frame {@link #nextFrame} returned last back, to be framed again (it did not fit a batch). */
    void unscanLast() {
        scanned = lastFrameStart;
        scannedSeq--;
        exhausted = false;
    }

    /** The sequence number of the frame {@link #nextFrame} returned last, from 0 for the stream's first. */
    long lastSeq() {
        return scannedSeq - 1;
    }

    /** The node stored the frame that ends at {@code frameEnd}, numbered {@code seq}, in batch round {@code round}. */
    void stored(int frameEnd, long seq, long round) {
        if (refusedInRound != round) {
            acked = frameEnd;
            ackedSeq = seq + 1;
        }
    }

    /** The node did not store a frame of batch round {@code round}: it and every later one are sent again. */
    void refused(long round) {
        refusedInRound = round;
    }

    /** After a round is settled: frames not stored are framed again, in the same order, from the same bytes. */
    void rewind() {
        exhausted = false;
        scanned = acked;
        scannedSeq = ackedSeq;
    }

    /** Stops taking frames from this stream at the first one not stored, for {@code reason} (a node refused it). */
    void fail(String reason) {
        failAt(acked, reason);
    }

    private void failAt(int position, String reason) {
        if (failure == null) {
            failure = reason;
            failedAt = position;
        }
    }

    /** Why the stream failed, or null. */
    String failure() {
        return failure;
    }

    /** True when the stream ended or failed and every whole frame before that point was stored: close it. */
    boolean finished() {
        return acked == scanned && (failure != null ? acked >= failedAt : ended && exhausted);
    }

    /** Bytes read after the last whole frame when the stream ended: a truncated frame, logged at close. */
    int leftoverBytes() {
        return filled - acked;
    }

    /** Messages stored from this stream. */
    long storedMessages() {
        return ackedSeq;
    }
}
