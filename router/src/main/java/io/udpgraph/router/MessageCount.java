package io.udpgraph.router;

import io.udpgraph.protocol.FrameCursor;
import io.udpgraph.protocol.FrameException;
import java.nio.ByteBuffer;

/**
 * Counts the messages one datagram carries, so the counters can say what a fault did to messages as well as
 * datagrams: a worker's PUT batch of 32 frames is 32 messages. It reads only the frames' length headers,
 * through the protocol's allocation-free {@link FrameCursor}, and leaves the buffer's position as it was.
 */
final class MessageCount {
    private MessageCount() {
    }

    /** The frames in {@code datagram}'s position..limit that parse, and never less than 1. */
    static int of(FrameCursor cursor, ByteBuffer datagram) {
        cursor.reset(datagram);
        while (cursor.hasNext()) {
            try {
                cursor.next();
            } catch (FrameException e) {
                break; // a garbled or foreign datagram still carried something: it counts as one message
            }
        }
        return Math.max(1, cursor.frames());
    }
}
