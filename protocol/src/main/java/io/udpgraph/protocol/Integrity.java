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

    private Integrity() {
    }

    /** True when the text has the shape of a checksummed text (the checksum itself is not checked). */
    public static boolean isWrapped(ByteBuffer text) {
        return isWrapped(text, text.position(), text.remaining());
    }

    /** True when {@code buf[start, start + length)} (absolute) has the shape of a checksummed text. */
    public static boolean isWrapped(ByteBuffer buf, int start, int length) {
        return length >= PREFIX_BYTES && buf.get(start) == '~' && buf.get(start + 9) == '~';
    }

    /** CRC32C of the buffer's remaining bytes; its position does not move. */
    public static int crc32c(ByteBuffer bytes) {
        return crc32c(bytes.duplicate(), bytes.position(), bytes.remaining(), new CRC32C());
    }

    /**
     * CRC32C of {@code buf[from, from + length)} (absolute) with a reused {@code crc}, allocating nothing; the
     * buffer's position and limit are as they were when it returns.
     */
    public static int crc32c(ByteBuffer buf, int from, int length, CRC32C crc) {
        int position = buf.position();
        int limit = buf.limit();
        crc.reset();
        buf.limit(from + length).position(from);
        crc.update(buf);
        buf.limit(limit).position(position);
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
        Hex.write(crc & 0xffff_ffffL, 8, dst, at + 1);
        dst[at + 9] = '~';
    }

    /** Appends {@code ~xxxxxxxx~} for the given checksum to {@code dst}. */
    public static void writePrefix(int crc, ByteBuffer dst) {
        dst.put((byte) '~');
        Hex.write(crc & 0xffff_ffffL, 8, dst);
        dst.put((byte) '~');
    }

    /**
     * Checks the wrapped text {@code buf[start, start + length)} (absolute; {@link #isWrapped} holds) with a
     * reused {@code crc}: null when its checksum matches, else what is wrong, as a node's {@code ERR checksum}
     * detail says it.
     */
    public static String mismatch(ByteBuffer buf, int start, int length, CRC32C crc) {
        long declared = 0;
        for (int i = 1; i <= 8; i++) {
            int v = Hex.value(buf.get(start + i));
            if (v < 0) {
                return "checksum digit " + i + " is not hex: the wrapper is ~<8 lowercase hex digits>~<text>";
            }
            declared = (declared << 4) | v;
        }
        int actual = crc32c(buf, start + PREFIX_BYTES, length - PREFIX_BYTES, crc);
        if ((int) declared == actual) {
            return null;
        }
        return String.format("declared %08x, computed %08x over %d bytes: the frame was changed on the way;"
                + " nothing was done, send it again", declared, actual, length - PREFIX_BYTES);
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
        String mismatch = mismatch(text, p, text.remaining(), new CRC32C());
        if (mismatch != null) {
            throw new ChecksumMismatchException(mismatch);
        }
        return text.slice(p + PREFIX_BYTES, text.remaining() - PREFIX_BYTES).asReadOnlyBuffer();
    }

    /** Thrown when a checksummed text does not match its checksum: it was changed on the way. */
    public static final class ChecksumMismatchException extends Exception {
        private static final long serialVersionUID = 1L;

        public ChecksumMismatchException(String message) {
            super(message, null, false, false);
        }
    }
}
