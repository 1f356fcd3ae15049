package io.udpgraph.connector;

import java.nio.ByteBuffer;

/**
 * {@link Framing#LEN10}: the message's byte length in decimal, left-aligned in 10 ASCII characters and padded
 * with spaces, then the message. Leading spaces are read too, as Python's {@code int()} reads them.
 *
 * <pre>
 *   "27        Welcome to the server!!!!!"      header: '2' '7' and 8 spaces; 27 bytes of message follow
 * </pre>
 */
final class Len10Codec implements FrameCodec {
    static final int HEADER_BYTES = 10;
    private final int maxMessageBytes;

    Len10Codec(int maxMessageBytes) {
        this.maxMessageBytes = maxMessageBytes;
    }

    @Override
    public int scan(ByteBuffer buf, int from, int to, FrameSpan span) throws MalformedFrameException {
        if (to - from < HEADER_BYTES) {
            return NEED_MORE;
        }
        long length = parse(buf, from);
        if (length > maxMessageBytes) {
            throw new MalformedFrameException("a len10 length of " + length + " bytes is over --max-message-bytes "
                    + maxMessageBytes);
        }
        int frame = HEADER_BYTES + (int) length;
        if (to - from < frame) {
            return NEED_MORE;
        }
        span.set(from + HEADER_BYTES, (int) length);
        return frame;
    }

    private static long parse(ByteBuffer buf, int from) throws MalformedFrameException {
        int i = from;
        int end = from + HEADER_BYTES;
        while (i < end && buf.get(i) == ' ') {
            i++;
        }
        long value = 0;
        int digits = 0;
        while (i < end && buf.get(i) >= '0' && buf.get(i) <= '9') {
            value = value * 10 + (buf.get(i) - '0');
            digits++;
            i++;
        }
        while (i < end && buf.get(i) == ' ') {
            i++;
        }
        if (digits == 0 || i != end) {
            throw new MalformedFrameException("a len10 header is a decimal length padded with spaces to 10 "
                    + "characters, e.g. '27        '; got '" + printable(buf, from) + "'");
        }
        return value;
    }

    private static String printable(ByteBuffer buf, int from) {
        StringBuilder s = new StringBuilder(HEADER_BYTES);
        for (int i = from; i < from + HEADER_BYTES; i++) {
            int b = buf.get(i) & 0xff;
            s.append(b >= 0x20 && b < 0x7f ? String.valueOf((char) b) : String.format("\\x%02x", b));
        }
        return s.toString();
    }

    @Override
    public int framedLength(int messageBytes) {
        return HEADER_BYTES + messageBytes;
    }

    @Override
    public void encode(ByteBuffer src, int from, int length, ByteBuffer dst) {
        int start = dst.position();
        int digits = 1;
        for (int v = length; v >= 10; v /= 10) {
            digits++;
        }
        for (int i = digits - 1, v = length; i >= 0; i--, v /= 10) {
            dst.put(start + i, (byte) ('0' + v % 10));
        }
        for (int i = digits; i < HEADER_BYTES; i++) {
            dst.put(start + i, (byte) ' ');
        }
        dst.put(start + HEADER_BYTES, src, from, length);
        dst.position(start + HEADER_BYTES + length);
    }
}
