package io.udpgraph.topology;

/** A topology that {@code topology export} cannot write as asked; the message says what to change. */
public final class ExportException extends Exception {
    /** Says what cannot be exported and what to do about it. */
    public ExportException(String message) {
        super(message);
    }
}
