package io.udpgraph.protocol;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
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

    /**
     * The value of the eight hex digits at {@code buf[from]} (absolute), or -1 when one is not a hex digit: one
     * 8-byte load and a table look-up per digit, for the tags of lease ids (a drain reads hundreds per datagram).
     */
    public static long read8(ByteBuffer buf, int from) {
        long bytes = buf.getLong(from);
        if (buf.order() == ByteOrder.LITTLE_ENDIAN) {
            bytes = Long.reverseBytes(bytes);
        }
        long v = 0;
        int bad = 0;
        for (int shift = 56; shift >= 0; shift -= 8) {
            int d = VALUES[(int) (bytes >>> shift) & 0xff];
            bad |= d;
            v = (v << 4) | (d & 0xf);
        }
        return bad < 0 ? -1 : v;
    }

    /**
     * Appends the sixteen hex digits of {@code v}, lowercase, most significant first, with two 8-byte stores: each
     * half's nibbles spread one to a byte, then made digits in all eight bytes at once.
     */
    public static void write16(long v, ByteBuffer dst) {
        long high = digits8((int) (v >>> 32));
        long low = digits8((int) v);
        if (dst.order() == ByteOrder.LITTLE_ENDIAN) {
            high = Long.reverseBytes(high);
            low = Long.reverseBytes(low);
        }
        dst.putLong(high).putLong(low);
    }

    /** The eight lowercase hex digits of {@code x} as the bytes of a long, the most significant digit highest. */
    private static long digits8(int x) {
        long n = x & 0xffff_ffffL;
        n = (n | (n << 16)) & 0x0000_ffff_0000_ffffL;
        n = (n | (n << 8)) & 0x00ff_00ff_00ff_00ffL;
        n = (n | (n << 4)) & 0x0f0f_0f0f_0f0f_0f0fL;
        // a byte of 10-15 carries into its bit 4 when 6 is added: those take 'a' - '0' - 10 = 39 more than '0' + n
        long letters = ((n + 0x0606_0606_0606_0606L) & 0x1010_1010_1010_1010L) >>> 4;
        return n + 0x3030_3030_3030_3030L + letters * 39;
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
