package io.udpgraph.connector;

/** Where {@link FrameCodec#scan} found a frame's message: a reusable out-parameter, one per reading thread. */
public final class FrameSpan {
    int messageStart;
    int messageLength;

    /** Absolute index of the message's first byte in the buffer scanned. */
    public int messageStart() {
        return messageStart;
    }

    /** The message's length in bytes. */
    public int messageLength() {
        return messageLength;
    }

    FrameSpan set(int start, int length) {
        this.messageStart = start;
        this.messageLength = length;
        return this;
    }
}
