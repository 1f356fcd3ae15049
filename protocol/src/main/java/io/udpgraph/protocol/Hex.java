package io.udpgraph.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The one hexadecimal reader and writer of the wire: frame headers, checksums. Reads either case and leading
 * zeros, as the original's {@code int(x, 16)} did; writes lowercase. Stateless.
 */
public final class Hex {
    private static final byte[] DIGITS = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    /**
     * Each byte's digit value, -1 for a byte that is no hex digit: one load instead of three range tests whose
     * branches a random tag mispredicts (a lease id's 16 digits, read for every grant a consumer takes).
     */
    private static final byte[] VALUES = new byte[256];

    static {
        java.util.Arrays.fill(VALUES, (byte) -1);
        for (int d = 0; d < 16; d++) {
            VALUES[DIGITS[d]] = (byte) d;
            VALUES[Character.toUpperCase(DIGITS[d])] = (byte) d;
        }
    }

    private Hex() {
    }

    /** The value of one hex digit in either case, or -1 for any other byte. */
    public static int value(int b) {
        return (b & ~0xff) == 0 ? VALUES[b] : -1; // a negative byte, or any int past 255, is no digit
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
