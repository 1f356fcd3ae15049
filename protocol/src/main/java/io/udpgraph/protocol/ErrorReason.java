package io.udpgraph.protocol;

import java.nio.charset.StandardCharsets;

/**
 * Why a node refused a request; the {@link #word()} is the stable wire form that follows
 * {@code ERR } in the reply, the detail after it is for people.
 */
public enum ErrorReason {
    /** The datagram is not well-formed LHHTTT. */
    MALFORMED("malformed"),
    /** A frame or message is larger than one datagram or the node's limits allow. */
    TOO_LARGE("too-large"),
    /** The verb is not one this node knows. */
    UNKNOWN_VERB("unknown"),
    /** The verb is known but its argument is not of the form it takes. */
    USAGE("usage"),
    /** The queue is at its message or byte bound; nothing was stored. */
    FULL("full"),
    /** The frame's CRC32C does not match its text; nothing was done. */
    CHECKSUM("checksum"),
    /** The node failed in a way that is not the request's fault; it goes on serving. */
    INTERNAL("internal");

    private final String word;
    private final byte[] wordBytes;

    ErrorReason(String word) {
        this.word = word;
        this.wordBytes = word.getBytes(StandardCharsets.US_ASCII);
    }

    /** The reason as it appears on the wire. */
    public String word() {
        return word;
    }

    byte[] wordBytes() {
        return wordBytes;
    }

    /** The reason with this wire word, or {@link #INTERNAL} for a word this version does not know. */
    public static ErrorReason fromWord(String word) {
        for (ErrorReason r : values()) {
            if (r.word.equals(word)) {
                return r;
            }
        }
        return INTERNAL;
    }
}
