package io.udpgraph.connector;

import io.udpgraph.protocol.Decimal;
import io.udpgraph.protocol.ErrorReason;
import io.udpgraph.protocol.ProtocolLimits;
import io.udpgraph.protocol.ReplyReader;
import io.udpgraph.protocol.RequestWriter;

/**
 * The frames of one PUT datagram, as references into their streams' buffers: as many as fit one datagram
 * ({@link ProtocolLimits#MAX_DATAGRAM_BYTES}, {@link ProtocolLimits#MAX_BATCH_COMMANDS}). Writes them with a
 * {@link RequestWriter}, checks that a reply answers them, and settles each stream from the reply: stored frames
 * are released, a refused frame and the ones after it in its stream are sent again, a frame the node refuses for
 * good fails its stream. No sockets, no threads, no allocation per message under at-least-once; used by one
 * thread.
 */
final class PutBatch {
    /** What a settled reply means for the sender. */
    enum Outcome {
        /** Every frame was stored. */
        STORED,
        /** The node refused some frames for now ({@code ERR full}, a checksum): back off, then send them again. */
        BACK_OFF
    }

    private final boolean withIds;
    private final boolean checksums;
    private final String idPrefix;
    private final InboundStream[] streams = new InboundStream[ProtocolLimits.MAX_BATCH_COMMANDS];
    private final int[] starts = new int[ProtocolLimits.MAX_BATCH_COMMANDS];
    private final int[] lengths = new int[ProtocolLimits.MAX_BATCH_COMMANDS];
    private final int[] ends = new int[ProtocolLimits.MAX_BATCH_COMMANDS];
    private final long[] seqs = new long[ProtocolLimits.MAX_BATCH_COMMANDS];
    private int count;
    private int bytes;
    private long round;
    private long refusedFull;

    /**
     * A batch that PUTs plainly, or with {@code PUTID} ids {@code <idPrefix>-<stream>-<seq>} (unique to this
     * connector's run), wrapped in checksums when asked.
     */
    PutBatch(Guarantee guarantee, String idPrefix) {
        this.withIds = guarantee == Guarantee.EFFECTIVELY_ONCE;
        this.checksums = withIds;
        this.idPrefix = idPrefix;
    }

    /** True when requests are to carry checksums (the client must be set up the same way). */
    boolean checksums() {
        return checksums;
    }

    int size() {
        return count;
    }

    boolean isEmpty() {
        return count == 0;
    }

    /** Message bytes in the batch. */
    long messageBytes() {
        long n = 0;
        for (int i = 0; i < count; i++) {
            n += lengths[i];
        }
        return n;
    }

    /** {@code ERR full} frames seen, over the batch's life. */
    long refusedFull() {
        return refusedFull;
    }

    /** True when a message of {@code length} bytes from {@code stream} still fits this datagram. */
    boolean fits(InboundStream stream, int length) {
        if (count == ProtocolLimits.MAX_BATCH_COMMANDS) {
            return false;
        }
        return bytes + frameBytes(stream, stream.lastSeq() + 1, length) <= ProtocolLimits.MAX_DATAGRAM_BYTES;
    }

    /** Adds the frame {@code stream} just returned from {@code nextFrame}; call {@link #fits} first. */
    void add(InboundStream stream, FrameSpan span, int frameEnd) {
        streams[count] = stream;
        starts[count] = span.messageStart();
        lengths[count] = span.messageLength();
        ends[count] = frameEnd;
        seqs[count] = stream.lastSeq();
        bytes += frameBytes(stream, seqs[count], span.messageLength());
        count++;
    }

    private int frameBytes(InboundStream stream, long seq, int length) {
        if (!withIds) {
            return RequestWriter.sizeOfPut(length, checksums);
        }
        int idBytes = idPrefix.length() + 1 + Decimal.length(stream.id()) + 1 + Decimal.length(seq);
        return RequestWriter.sizeOfPutWithId(idBytes, length, checksums);
    }

    /** Writes every frame of the batch, in order. */
    void writeTo(RequestWriter w) {
        for (int i = 0; i < count; i++) {
            if (withIds) {
                w.putWithId(idPrefix + "-" + streams[i].id() + "-" + seqs[i], streams[i].buffer(), starts[i],
                        lengths[i]);
            } else {
                w.put(streams[i].buffer(), starts[i], lengths[i]);
            }
        }
    }

    /** True when {@code r} can be the reply to this batch: one frame per PUT, each an error or its PUT count. */
    boolean answeredBy(ReplyReader r) {
        if (r.frames() != count) {
            return false;
        }
        for (int i = 0; i < count; i++) {
            long n = r.putBytes(i);
            // a node that counts characters (the original) answers less than the byte count for non-ASCII text
            if (!r.isError(i) && (n < 0 || n > lengths[i])) {
                return false;
            }
        }
        return true;
    }

    /** Settles every stream of the batch from the reply and empties the batch. */
    Outcome settle(ReplyReader r) {
        round++;
        Outcome outcome = Outcome.STORED;
        for (int i = 0; i < count; i++) {
            InboundStream s = streams[i];
            if (!r.isError(i)) {
                s.stored(ends[i], seqs[i], round);
                continue;
            }
            s.refused(round);
            ErrorReason reason = r.errorReason(i);
            if (reason == ErrorReason.FULL || reason == ErrorReason.CHECKSUM || reason == ErrorReason.INTERNAL) {
                refusedFull += reason == ErrorReason.FULL ? 1 : 0;
                outcome = Outcome.BACK_OFF;
            } else {
                s.fail("the queue node refused message " + (seqs[i] + 1) + ": " + r.text(i));
            }
        }
        rewindAll();
        return outcome;
    }

    /** The datagram got no answer: every frame is sent again, from the same bytes. */
    void unanswered() {
        round++;
        rewindAll();
    }

    private void rewindAll() {
        for (int i = 0; i < count; i++) {
            streams[i].rewind();
            streams[i] = null;
        }
        count = 0;
        bytes = 0;
    }
}
