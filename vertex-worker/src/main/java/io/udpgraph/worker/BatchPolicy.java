package io.udpgraph.worker;

import io.udpgraph.protocol.ProtocolLimits;

/**
 * How many PUT frames the next datagram to one queue node may carry, learnt from the node's answers. A full
 * reply to a batch settles that the node runs every frame of a datagram; a single reply to a batch (a classic
 * node), or {@value #BATCH_TIMEOUTS_BEFORE_SINGLES} batches in a row without an answer before any was answered,
 * send results one per datagram for a while, then a batch is tried again (after twice as many datagrams each
 * time it fails). Plain state, no I/O: one per node, used from the worker's thread only.
 */
final class BatchPolicy {
    /** Most frames per PUT datagram: keeps the reply datagram small, and under what a node takes in one. */
    static final int MAX_FRAMES_PER_DATAGRAM = Math.min(128, ProtocolLimits.MAX_BATCH_COMMANDS);
    /** Datagrams of single results after the first sign that a node does not take batches. */
    static final int FIRST_FALLBACK_DATAGRAMS = 16;
    static final int MAX_FALLBACK_DATAGRAMS = 4096;
    /** Unanswered batches in a row, before any was answered, after which results go one per datagram. */
    static final int BATCH_TIMEOUTS_BEFORE_SINGLES = 3;
    /** Unanswered batches in a row after which a node that took batches is no longer trusted to. */
    static final int BATCH_TIMEOUTS_BEFORE_DOUBT = 8;

    /** True once a batch got one reply per frame. */
    private boolean batchesConfirmed;
    /** Datagrams still to send one result at a time before a batch is tried again. */
    private int singlesLeft;
    /** How long the next fall-back to single results lasts, in datagrams. */
    private int fallbackDatagrams = FIRST_FALLBACK_DATAGRAMS;
    /** Batches in a row that got no answer since the last full one. */
    private int batchTimeouts;

    /** The most frames the next datagram may carry. */
    int maxFrames() {
        return singlesLeft > 0 ? 1 : MAX_FRAMES_PER_DATAGRAM;
    }

    /** A datagram is about to go out. */
    void sending() {
        if (singlesLeft > 0) {
            singlesLeft--;
        }
    }

    /** A datagram of several frames got one reply per frame: the node takes batches. */
    void batchAnswered() {
        batchesConfirmed = true;
        batchTimeouts = 0;
        fallbackDatagrams = FIRST_FALLBACK_DATAGRAMS;
    }

    /** A datagram of several frames got a single reply: the node ran only the first frame. */
    void batchAnsweredOnce() {
        batchesConfirmed = false;
        fallBackToSingles();
    }

    /**
     * A datagram of several frames got no answer. A node that drops a datagram of several frames looks like this,
     * but so does a lossy network: only several unanswered batches in a row (more once the node has answered one)
     * mean the first.
     */
    void batchUnanswered() {
        batchTimeouts++;
        if (batchTimeouts >= (batchesConfirmed ? BATCH_TIMEOUTS_BEFORE_DOUBT : BATCH_TIMEOUTS_BEFORE_SINGLES)) {
            batchesConfirmed = false;
            batchTimeouts = 0;
            fallBackToSingles();
        }
    }

    private void fallBackToSingles() {
        singlesLeft = fallbackDatagrams;
        fallbackDatagrams = Math.min(MAX_FALLBACK_DATAGRAMS, fallbackDatagrams * 2);
    }
}
