package io.udpgraph.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The one hexadecimal reader and writer of the wire: frame headers, checksums. Reads either case and leading
 * zeros, as the original's {@code int(x, 16)} did; writes lowercase. Stateless.
 */
public final class Hex {
    private static final byte[] DIGITS = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private Hex() {
    }

    /** The value of one hex digit in either case, or -1 for any other byte. */
    public static int value(int b) {
        if (b >= '0' && b <= '9') {
            return b - '0';
        }
        if (b >= 'a' && b <= 'f') {
            return b - 'a' + 10;
        }
        if (b >= 'A' && b <= 'F') {
            return b - 'A' + 10;
        }
        return -1;
    }

    /** The lowercase digit of a value 0-15. */
    public static byte digit(int v) {
        return DIGITS[v & 0xf];
    }

    /**
     * The value of the {@code count} hex digits at {@code buf[from]} (absolute; at most 15 of them), or -1 when
     * one is not a hex digit.
     */
    public static long read(ByteBuffer buf, int from, int count) {
        long v = 0;
        for (int i = 0; i < count; i++) {
            int d = value(buf.get(from + i));
            if (d < 0) {
                return -1;
            }
            v = (v << 4) | d;
        }
        return v;
    }

    /** Appends the low {@code count} hex digits of {@code v}, lowercase, most significant first. */
    public static void write(long v, int count, ByteBuffer dst) {
        for (int shift = (count - 1) * 4; shift >= 0; shift -= 4) {
            dst.put(DIGITS[(int) (v >>> shift) & 0xf]);
        }
    }

    /** Writes the low {@code count} hex digits of {@code v}, lowercase, at {@code dst[at]}. */
    public static void write(long v, int count, byte[] dst, int at) {
        for (int i = 0; i < count; i++) {
            dst[at + i] = DIGITS[(int) (v >>> ((count - 1 - i) * 4)) & 0xf];
        }
    }
}
