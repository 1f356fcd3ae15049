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
        /** Every frame was stored: the streams go on from after the batch, with frames scanned since kept. */
        STORED,
        /**
         * Every frame was settled, some refused for good (their streams failed); the streams were rewound to the
         * first frame not stored, so frames scanned since must be scanned again.
         */
        REFUSED,
        /**
         * The node refused some frames for now ({@code ERR full}, a checksum): back off, then send them again; the
         * streams were rewound as for {@link #REFUSED}.
         */
        BACK_OFF
    }

    /** Numbers the settled rounds of batches that share streams, so a stream tells one batch's round from another's. */
    private static final class Rounds {
        long last;
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
    private final Rounds rounds;
    private long refusedFull;

    /**
     * A batch that PUTs plainly, or with {@code PUTID} ids {@code <idPrefix>-<stream>-<seq>} (unique to this
     * connector's run), wrapped in checksums when asked.
     */
    PutBatch(Guarantee guarantee, String idPrefix) {
        this(guarantee, idPrefix, new Rounds());
    }

    private PutBatch(Guarantee guarantee, String idPrefix, Rounds rounds) {
        this.withIds = guarantee == Guarantee.EFFECTIVELY_ONCE;
        this.checksums = withIds;
        this.idPrefix = idPrefix;
        this.rounds = rounds;
    }

    /**
     * A second batch over the same streams, to fill with the frames after this one's while this one is in flight;
     * the two number their rounds together.
     */
    PutBatch sibling() {
        return new PutBatch(withIds ? Guarantee.EFFECTIVELY_ONCE : Guarantee.AT_LEAST_ONCE, idPrefix, rounds);
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

    /**
     * Settles every stream of the batch from the reply and empties the batch. Only a refusal rewinds the streams:
     * when every frame was stored, frames a {@link #sibling()} scanned after them stay scanned.
     */
    Outcome settle(ReplyReader r) {
        long round = ++rounds.last;
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
                if (outcome == Outcome.STORED) {
                    outcome = Outcome.REFUSED;
                }
            }
        }
        if (outcome == Outcome.STORED) {
            clear();
        } else {
            rewindAll();
        }
        return outcome;
    }

    /** The datagram got no answer: every frame is sent again, from the same bytes. */
    void unanswered() {
        rewindAll();
    }

    /**
     * Forgets the batch's frames because the streams were rewound under it (a batch before it was refused or went
     * unanswered): they are scanned again from the first frame not stored.
     */
    void drop() {
        rewindAll();
    }

    private void rewindAll() {
        for (int i = 0; i < count; i++) {
            streams[i].rewind();
        }
        clear();
    }

    private void clear() {
        java.util.Arrays.fill(streams, 0, count, null);
        count = 0;
        bytes = 0;
    }
}
