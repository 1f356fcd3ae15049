package io.udpgraph.mq;

import java.io.IOException;

/** A stored message whose body cannot be read back (its log record is damaged or its file unreadable). */
final class UnreadableMessageException extends IOException {
    private final long seq;

    UnreadableMessageException(long seq, IOException cause) {
        super("message " + seq + " cannot be read back from the log, and leaves the queue: " + cause.getMessage(), cause);
        this.seq = seq;
    }

    long seq() {
        return seq;
    }
}
