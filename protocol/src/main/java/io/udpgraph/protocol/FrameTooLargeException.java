package io.udpgraph.protocol;

/** Thrown when a text cannot be framed into one UDP datagram; the message names both sizes. */
public final class FrameTooLargeException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final int frameBytes;

    FrameTooLargeException(int textBytes, int frameBytes, int limitBytes) {
        super("a text of " + textBytes + " bytes makes a frame of " + frameBytes
                + " bytes, over the " + limitBytes + "-byte limit of one UDP datagram;"
                + " split it into messages of at most " + Frames.MAX_TEXT_BYTES + " bytes");
        this.frameBytes = frameBytes;
    }

    /** The size the refused frame would have had, in bytes. */
    public int frameBytes() {
        return frameBytes;
    }
}
