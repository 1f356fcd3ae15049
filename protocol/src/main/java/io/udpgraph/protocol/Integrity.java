package io.udpgraph.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * The optional integrity wrapper of a frame's text: {@code ~<crc32c>~<text>}, the CRC32C of the inner
 * text's UTF-8 bytes as eight lowercase hex digits. A node refuses a wrapped request whose checksum does
 * not match and wraps its replies to it. Classic clients never send {@code ~}, which no verb starts with.
 */
public final class Integrity {
    /** Bytes the wrapper adds in front of the inner text. */
    public static final int PREFIX_BYTES = 10;
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private Integrity() {
    }

    /** True when the text has the shape of a checksummed text (the checksum itself is not checked). */
    public static boolean isWrapped(ByteBuffer text) {
        int p = text.position();
        return text.remaining() >= PREFIX_BYTES && text.get(p) == '~' && text.get(p + 9) == '~';
    }

    /** CRC32C of the buffer's remaining bytes; its position does not move. */
    public static int crc32c(ByteBuffer bytes) {
        CRC32C crc = new CRC32C();
        crc.update(bytes.duplicate());
        return (int) crc.getValue();
    }

    /** Wraps UTF-8 bytes with their checksum. */
    public static byte[] wrap(byte[] inner) {
        byte[] out = new byte[PREFIX_BYTES + inner.length];
        writePrefix(crc32c(ByteBuffer.wrap(inner)), out, 0);
        System.arraycopy(inner, 0, out, PREFIX_BYTES, inner.length);
        return out;
    }

    /** Wraps a text with its checksum. */
    public static String wrap(String inner) {
        return new String(wrap(inner.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
    }

    /** Writes {@code ~xxxxxxxx~} for the given checksum at {@code dst[at]}. */
    public static void writePrefix(int crc, byte[] dst, int at) {
        dst[at] = '~';
        for (int i = 0; i < 8; i++) {
            dst[at + 1 + i] = HEX[(crc >>> (28 - 4 * i)) & 0xf];
        }
        dst[at + 9] = '~';
    }

    /** Writes {@code ~xxxxxxxx~} for the given checksum into {@code dst}. */
    public static void writePrefix(int crc, ByteBuffer dst) {
        byte[] prefix = new byte[PREFIX_BYTES];
        writePrefix(crc, prefix, 0);
        dst.put(prefix);
    }

    /**
     * Checks a wrapped text and returns a read-only view of its inner text.
     *
     * @throws ChecksumMismatchException when the prefix is not hex or the checksum does not match
     */
    public static ByteBuffer unwrap(ByteBuffer text) throws ChecksumMismatchException {
        if (!isWrapped(text)) {
            throw new ChecksumMismatchException("text does not start with ~<8 hex digits>~");
        }
        int p = text.position();
        long declared = 0;
        for (int i = 1; i <= 8; i++) {
            int v = Frames.hexValue(text.get(p + i));
            if (v < 0) {
                throw new ChecksumMismatchException("checksum digit " + i + " is " + FrameCursor.describe(text.get(p + i)));
            }
            declared = (declared << 4) | v;
        }
        ByteBuffer inner = text.slice(p + PREFIX_BYTES, text.remaining() - PREFIX_BYTES).asReadOnlyBuffer();
        int actual = crc32c(inner);
        if ((int) declared != actual) {
            throw new ChecksumMismatchException(String.format("declared %08x, computed %08x over %d bytes",
                    declared, actual, inner.remaining()));
        }
        return inner;
    }

    /** Thrown when a checksummed text does not match its checksum: it was changed on the way. */
    public static final class ChecksumMismatchException extends Exception {
        private static final long serialVersionUID = 1L;

        public ChecksumMismatchException(String message) {
            super(message, null, false, false);
        }
    }
}
