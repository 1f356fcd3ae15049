package io.udpgraph.mq;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Where a queue node keeps the bodies of its messages, in arrival order: {@link BodyChunks} off the heap (the
 * default), or {@link LogBodies}, which leaves them in the durable log and reads each back when it is delivered.
 * A message's {@code location} is what the implementation needs to find it again with its sequence number.
 *
 * <p>Not thread-safe: {@link QueueStore} guards it with its lock.
 */
interface MessageBodies {
    /** Appends a message to the FIFO; the journal has it already. */
    void append(long seq, long putNanos, int deliveries, String producerId, ByteBuffer src, int offset, int length);

    /** Appends a message the journal gave back at start; {@code body} is null when the journal keeps the bodies. */
    void recovered(long seq, long putNanos, int deliveries, String producerId, byte[] body, int bodyLength);

    /**
     * Reads the oldest message not yet read off the FIFO into {@code into}; it leaves the FIFO when {@code take},
     * else stays (a peek). False when there is none.
     *
     * @throws UnreadableMessageException when its body cannot be read back (it has left the FIFO when {@code take})
     */
    boolean read(TakenMessage into, boolean take) throws UnreadableMessageException;

    /** Reads a message read off the FIFO before (leased, or handed back) into {@code into}. */
    void load(TakenMessage into, long seq, int deliveries, long location) throws UnreadableMessageException;

    /** The message at {@code location} left the node. */
    void release(long location);

    int bodyLength(long location);

    /** Bytes the bodies cost the node's memory. */
    long footprintBytes();

    /** Chunks ever taken from the operating system (0 when the bodies are not in memory). */
    long chunksEverAllocated();
}
