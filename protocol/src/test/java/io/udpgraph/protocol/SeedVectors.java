package io.udpgraph.protocol;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** The LHHTTT examples of the stream-py seed document, as text and as the exact frame bytes. */
final class SeedVectors {
    record Vector(String text, byte[] frame) {
    }

    static final String MATH_BOLD = "\uD835\uDC07\uD835\uDC1E\uD835\uDC25\uD835\uDC25\uD835\uDC28 "
            + "\uD835\uDC30\uD835\uDC28\uD835\uDC2B\uD835\uDC25\uD835\uDC1D";

    static List<Vector> all() {
        return List.of(
                v("Hello world", "1bHello world"),
                v("abcdefghijklmnopqrstuvwxyz", "21aabcdefghijklmnopqrstuvwxyz"),
                new Vector(MATH_BOLD, concat("229".getBytes(StandardCharsets.US_ASCII), new byte[] {
                    (byte) 0xf0, (byte) 0x9d, (byte) 0x90, (byte) 0x87, (byte) 0xf0, (byte) 0x9d, (byte) 0x90, (byte) 0x9e,
                    (byte) 0xf0, (byte) 0x9d, (byte) 0x90, (byte) 0xa5, (byte) 0xf0, (byte) 0x9d, (byte) 0x90, (byte) 0xa5,
                    (byte) 0xf0, (byte) 0x9d, (byte) 0x90, (byte) 0xa8, ' ',
                    (byte) 0xf0, (byte) 0x9d, (byte) 0x90, (byte) 0xb0, (byte) 0xf0, (byte) 0x9d, (byte) 0x90, (byte) 0xa8,
                    (byte) 0xf0, (byte) 0x9d, (byte) 0x90, (byte) 0xab, (byte) 0xf0, (byte) 0x9d, (byte) 0x90, (byte) 0xa5,
                    (byte) 0xf0, (byte) 0x9d, (byte) 0x90, (byte) 0x9d})),
                v("GET", "13GET"),
                v("SIZE", "14SIZE"),
                v("PUT:Lorem Ipsum", "1fPUT:Lorem Ipsum"),
                v("", "10"));
    }

    private static Vector v(String text, String frame) {
        return new Vector(text, frame.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private SeedVectors() {
    }
}
