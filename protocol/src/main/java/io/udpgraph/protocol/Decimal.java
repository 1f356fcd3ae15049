package io.udpgraph.protocol;

import java.nio.ByteBuffer;

/** The one decimal reader and writer of the wire: counts, ids, milliseconds. Allocation-free; stateless. */
public final class Decimal {
    /** The most digits a number on the wire may have: eighteen always fit a {@code long}. */
    public static final int MAX_DIGITS = 18;

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
