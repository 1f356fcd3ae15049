package io.udpgraph.connector;

import java.nio.ByteBuffer;

/**
 * One framing of messages on a byte stream: finds the next whole frame in a read buffer, and writes a message
 * framed. Implementations are stateless and allocation-free, so one instance serves every connection; pick one
 * with {@link Framing#codec(int)}.
 */
public interface FrameCodec {
    /** What {@link #scan} returns while the buffer holds only part of the next frame. */
    int NEED_MORE = -1;

    /**
     * Looks at the frame starting at {@code buf[from]} with the bytes up to {@code to} (absolute; the buffer's
     * position is not moved). Returns the frame's whole length, with {@code span} set to where its message is, or
     * {@link #NEED_MORE} when the frame does not end before {@code to} yet.
     *
     * @throws MalformedFrameException when these bytes can never start a frame (the stream must be closed)
     */
    int scan(ByteBuffer buf, int from, int to, FrameSpan span) throws MalformedFrameException;

    /** Bytes a message of {@code messageBytes} takes framed. */
    int framedLength(int messageBytes);

    /** Writes the message {@code src[from, from + length)} (absolute) framed into {@code dst} at its position. */
    void encode(ByteBuffer src, int from, int length, ByteBuffer dst);

    /** Writes the message {@code message} framed into {@code dst} at its position. */
    default void encode(byte[] message, ByteBuffer dst) {
        encode(ByteBuffer.wrap(message), 0, message.length, dst);
    }
}
