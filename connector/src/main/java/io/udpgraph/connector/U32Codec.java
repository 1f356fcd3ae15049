package io.udpgraph.connector;

import java.nio.ByteBuffer;

/**
 * {@link Framing#U32}: a 4-byte unsigned big-endian length, then that many bytes.
 *
 * <pre>
 *   +----+----+----+----+--------------------+
 *   |   length (u32 BE) |  message (length)  |     "hello world" = 00 00 00 0b 68 65 6c 6c 6f ...
 *   +----+----+----+----+--------------------+
 * </pre>
 */
final class U32Codec implements FrameCodec {
    static final int HEADER_BYTES = 4;
    private final int maxMessageBytes;

    U32Codec(int maxMessageBytes) {
        this.maxMessageBytes = maxMessageBytes;
    }

    @Override
    public int scan(ByteBuffer buf, int from, int to, FrameSpan span) throws MalformedFrameException {
        if (to - from < HEADER_BYTES) {
            return NEED_MORE;
        }
        long length = Integer.toUnsignedLong(buf.getInt(from));
        if (length > maxMessageBytes) {
            throw new MalformedFrameException("a u32 length of " + length + " bytes is over --max-message-bytes "
                    + maxMessageBytes + " (is the stream u32 framed, big-endian?)");
        }
        int frame = HEADER_BYTES + (int) length;
        if (to - from < frame) {
            return NEED_MORE;
        }
        span.set(from + HEADER_BYTES, (int) length);
        return frame;
    }

    @Override
    public int framedLength(int messageBytes) {
        return HEADER_BYTES + messageBytes;
    }

    @Override
    public void encode(ByteBuffer src, int from, int length, ByteBuffer dst) {
        dst.putInt(length);
        dst.put(dst.position(), src, from, length);
        dst.position(dst.position() + length);
    }
}
