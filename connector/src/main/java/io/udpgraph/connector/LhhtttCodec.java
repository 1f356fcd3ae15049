package io.udpgraph.connector;

import io.udpgraph.protocol.Frames;
import io.udpgraph.protocol.Hex;
import java.nio.ByteBuffer;

/**
 * {@link Framing#LHHTTT}: the queue protocol's own frame on a stream, read as the protocol reads it (either case,
 * leading zeros) and written as it writes it (lowercase, none).
 *
 * <pre>
 *   L  HH  TTT          "Hello world" = '1' 'b' "Hello world"; the empty message = "10"
 *   L: hex digit count of HH (1-f); HH: byte length of TTT in hex
 * </pre>
 */
final class LhhtttCodec implements FrameCodec {
    private final int maxMessageBytes;

    LhhtttCodec(int maxMessageBytes) {
        this.maxMessageBytes = maxMessageBytes;
    }

    @Override
    public int scan(ByteBuffer buf, int from, int to, FrameSpan span) throws MalformedFrameException {
        if (to - from < 1) {
            return NEED_MORE;
        }
        int digits = Hex.value(buf.get(from));
        if (digits < 1) {
            throw new MalformedFrameException("an lhhttt frame starts with a hex digit 1-f giving the digits of the "
                    + "length; got byte 0x" + Integer.toHexString(buf.get(from) & 0xff));
        }
        if (to - from < 1 + digits) {
            return NEED_MORE;
        }
        long length = Hex.read(buf, from + 1, digits);
        if (length < 0) {
            throw new MalformedFrameException("an lhhttt length is " + digits + " hex digits; got a non-hex digit");
        }
        if (length > maxMessageBytes) {
            throw new MalformedFrameException("an lhhttt length of " + length + " bytes is over --max-message-bytes "
                    + maxMessageBytes);
        }
        int frame = 1 + digits + (int) length;
        if (to - from < frame) {
            return NEED_MORE;
        }
        span.set(from + 1 + digits, (int) length);
        return frame;
    }

    @Override
    public int framedLength(int messageBytes) {
        return Frames.frameLength(messageBytes);
    }

    @Override
    public void encode(ByteBuffer src, int from, int length, ByteBuffer dst) {
        Frames.writeHeader(length, dst);
        dst.put(dst.position(), src, from, length);
        dst.position(dst.position() + length);
    }
}
