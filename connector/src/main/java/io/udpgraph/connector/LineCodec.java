package io.udpgraph.connector;

import java.nio.ByteBuffer;

/**
 * {@link Framing#LINE}: a message, then {@code \n}; a {@code \r} just before the {@code \n} is not part of the
 * message, so CRLF senders work too. A message that contains {@code \n} cannot be written in this framing.
 *
 * <pre>
 *   "hello world\n"  or  "hello world\r\n"
 * </pre>
 */
final class LineCodec implements FrameCodec {
    private final int maxMessageBytes;

    LineCodec(int maxMessageBytes) {
        this.maxMessageBytes = maxMessageBytes;
    }

    @Override
    public int scan(ByteBuffer buf, int from, int to, FrameSpan span) throws MalformedFrameException {
        // a line may end with \r\n, so one byte more than the longest message may still be part of it
        int limit = Math.min(to, from + maxMessageBytes + 2);
        for (int i = from; i < limit; i++) {
            if (buf.get(i) == '\n') {
                int end = i > from && buf.get(i - 1) == '\r' ? i - 1 : i;
                if (end - from > maxMessageBytes) {
                    break;
                }
                span.set(from, end - from);
                return i + 1 - from;
            }
        }
        if (to - from > maxMessageBytes + 1) {
            throw new MalformedFrameException("a line is longer than --max-message-bytes " + maxMessageBytes
                    + " (is the stream line framed, with \\n at the end of each message?)");
        }
        return NEED_MORE;
    }

    @Override
    public int framedLength(int messageBytes) {
        return messageBytes + 1;
    }

    @Override
    public void encode(ByteBuffer src, int from, int length, ByteBuffer dst) {
        dst.put(dst.position(), src, from, length);
        dst.position(dst.position() + length);
        dst.put((byte) '\n');
    }
}
