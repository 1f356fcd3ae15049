package io.udpgraph.connector;

/** A stream's bytes cannot be a frame of its framing: the connection is closed, the others go on. */
public final class MalformedFrameException extends Exception {
    private static final long serialVersionUID = 1L;

    /** {@code reason} says what was wrong and what the sender should send instead. */
    public MalformedFrameException(String reason) {
        super(reason);
    }
}
