package io.udpgraph.protocol;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** The one decimal reader and writer of the wire: counts, ids, milliseconds. Allocation-free; stateless. */
public final class Decimal {
    /** The most digits a number on the wire may have: eighteen always fit a {@code long}. */
    public static final int MAX_DIGITS = 18;
    private static final int EIGHT = Long.BYTES;
    private static final long ZEROS = 0x3030303030303030L;
    private static final long SIXES = 0x0606060606060606L;
    private static final long HIGH_NIBBLES = 0xf0f0f0f0f0f0f0f0L;

    private Decimal() {
    }

    /** Number of characters {@code n} takes in decimal, a leading {@code -} included. */
    public static int length(long n) {
        if (n < 0) {
            return n == Long.MIN_VALUE ? 20 : 1 + length(-n);
        }
        // comparisons, not divisions: this sizes every count a node answers (PUT <n> bytes, lease ids)
        long power = 10;
        for (int d = 1; d < 19; d++) {
            if (n < power) {
                return d;
            }
            power *= 10;
        }
        return 19;
    }

    /** Appends {@code n} in decimal. */
    public static void write(long n, ByteBuffer dst) {
        if (n < 0) {
            if (n == Long.MIN_VALUE) {
                for (char c : Long.toString(n).toCharArray()) {
                    dst.put((byte) c);
                }
                return;
            }
            dst.put((byte) '-');
            n = -n;
        }
        int d = length(n);
        int at = dst.position();
        for (int i = d - 1; i >= 0; i--) {
            dst.put(at + i, (byte) ('0' + (n % 10)));
            n /= 10;
        }
        dst.position(at + d);
    }

    /**
     * The unsigned decimal number in {@code buf[from, end)} (absolute), or -1 when it is empty, holds anything but
     * digits, or has more than {@value #MAX_DIGITS} digits.
     */
    public static long read(ByteBuffer buf, int from, int end) {
        if (from >= end || end - from > MAX_DIGITS) {
            return -1;
        }
        if (end - from > EIGHT) {
            long high = read(buf, from, end - EIGHT);
            long low = read(buf, end - EIGHT, end);
            return high < 0 || low < 0 ? -1 : high * 100_000_000L + low;
        }
        if (end < EIGHT) {
            return readEach(buf, from, end);
        }
        // Every lease id a client reads and a node checks holds a sequence number: read its (last) eight digits
        // with one load, as bytes of a long, instead of one checked load and branch per digit.
        long v = buf.getLong(end - EIGHT);
        if (buf.order() == ByteOrder.LITTLE_ENDIAN) {
            v = Long.reverseBytes(v);
        }
        // Big-endian, the number's last digit is the lowest byte; the bytes before {@code from} become zeros.
        int digits = end - from;
        if (digits < EIGHT) {
            long keep = (1L << (Byte.SIZE * digits)) - 1;
            v = (v & keep) | (ZEROS & ~keep);
        }
        if ((v & HIGH_NIBBLES) != ZEROS || ((v + SIXES) & HIGH_NIBBLES) != ZEROS) {
            return -1; // a byte outside '0'..'9' (past '9', adding 6 carries into the high nibble)
        }
        v -= ZEROS;
        v = ((v >>> 8) & 0x00ff00ff00ff00ffL) * 10 + (v & 0x00ff00ff00ff00ffL);   // pairs of digits
        v = ((v >>> 16) & 0x0000ffff0000ffffL) * 100 + (v & 0x0000ffff0000ffffL); // groups of four
        return (v >>> 32) * 10_000 + (v & 0xffffffffL);
    }

    private static long readEach(ByteBuffer buf, int from, int end) {
        long v = 0;
        for (int i = from; i < end; i++) {
            int d = buf.get(i) - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            v = v * 10 + d;
        }
        return v;
    }
}
