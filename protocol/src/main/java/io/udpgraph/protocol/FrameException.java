package io.udpgraph.protocol;

/** Thrown when bytes are not a well-formed LHHTTT frame; {@link #error()} says which rule broke. */
public final class FrameException extends Exception {
    private static final long serialVersionUID = 1L;
    private final FrameError error;

    public FrameException(FrameError error, String message) {
        super(message, null, false, false);
        this.error = error;
    }

    /** Which rule of the frame format the input broke. */
    public FrameError error() {
        return error;
    }

    /** The reason word of the {@code ERR} reply a node sends for this error. */
    public ErrorReason reason() {
        return error == FrameError.TOO_LARGE ? ErrorReason.TOO_LARGE : ErrorReason.MALFORMED;
    }
}
