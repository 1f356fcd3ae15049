package io.udpgraph.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * Builds one reply datagram, as a queue node answers, in a reused direct buffer, frame by frame, without
 * allocating for the common replies; {@link ReplyReader} reads what this writes (the grammar is drawn there).
 * When {@link #wrap(boolean)} is on, every frame's text gets the {@code ~crc32c~} prefix. Not thread-safe: one
 * writer per thread (or per lock).
 */
public final class ReplyWriter {
    /** The most bytes one short reply (an acknowledgement, a count, an error) takes, wrapper and header included. */
    public static final int SHORT_REPLY_BYTES = ProtocolLimits.MAX_ERROR_TEXT_BYTES + Integrity.PREFIX_BYTES + 3;

    private static final byte[] PUT_ = ascii("PUT ");
    private static final byte[] _BYTES = ascii(" bytes");
    private static final byte[] DASH = ascii("-");

    private final ByteBuffer buf = ByteBuffer.allocateDirect(ProtocolLimits.MAX_DATAGRAM_BYTES);
    private final CRC32C crc = new CRC32C();
    private boolean wrap;

    /** Starts a new, empty reply. */
    public void reset() {
        buf.clear();
        wrap = false;
    }

    /** Wraps the frames written from now on in a CRC32C, as the command being answered was. */
    public void wrap(boolean on) {
        wrap = on;
    }

    public boolean wrapping() {
        return wrap;
    }

    /** Bytes written so far. */
    public int length() {
        return buf.position();
    }

    /** True when a frame with a text of {@code textLength} bytes fits and leaves {@code reserve} bytes free. */
    public boolean fits(int textLength, int reserve) {
        return frameBytes(textLength) + reserve <= buf.remaining();
    }

    public int frameBytes(int textLength) {
        return Frames.frameLength(textLength + (wrap ? Integrity.PREFIX_BYTES : 0));
    }

    /** The reply so far, ready to send; call {@link #reset()} before writing the next one. */
    public ByteBuffer flip() {
        return buf.flip();
    }

    /** A copy of what has been written so far (the replies that precede a parked long poll). */
    public byte[] copy() {
        byte[] out = new byte[buf.position()];
        buf.get(0, out);
        return out;
    }

    /** Forgets what was written after {@code length} bytes (a command that failed half-way). */
    public void truncate(int length) {
        buf.limit(buf.capacity()).position(length);
    }

    /** Appends bytes already framed (a parked long poll's earlier replies). */
    public void raw(byte[] framed) {
        buf.put(framed);
    }

    /** A frame holding a message's bytes as they are. */
    public void message(byte[] body) {
        int at = begin(body.length);
        buf.put(body);
        end(at);
    }

    /** A frame holding {@code length} bytes of {@code src} from {@code offset}, copied straight from there. */
    public void message(ByteBuffer src, int offset, int length) {
        int at = begin(length);
        copy(src, offset, length);
        end(at);
    }

    /** The empty frame {@code 10}: an empty queue. */
    public void empty() {
        end(begin(0));
    }

    /** {@code PUT <n> bytes}. */
    public void putAck(int n) {
        int at = begin(PUT_.length + digits(n) + _BYTES.length);
        buf.put(PUT_);
        decimal(n);
        buf.put(_BYTES);
        end(at);
    }

    /** A decimal number. */
    public void number(long n) {
        int at = begin(digits(n));
        decimal(n);
        end(at);
    }

    /** {@code <word> <n>}, as in {@code ACK 2}. */
    public void count(Verb verb, long n) {
        byte[] word = verb.wireBytes();
        int at = begin(word.length + 1 + digits(n));
        buf.put(word).put((byte) ' ');
        decimal(n);
        end(at);
    }

    /** Text bytes as one frame (short replies: STATS). */
    public void text(byte[] text) {
        int at = begin(text.length);
        buf.put(text);
        end(at);
    }

    /** Length of a lease frame's text ({@code <lease-id> <deliveries> <message-id|-> <text>}). */
    public static int leaseTextLength(long sequence, int deliveries, String messageId, int bodyBytes) {
        return leaseTextLength(sequence, deliveries, messageId == null ? 0 : messageId.length(), bodyBytes);
    }

    /** {@link #leaseTextLength(long, int, String, int)} for a message id of {@code idBytes} bytes, 0 for none. */
    public static int leaseTextLength(long sequence, int deliveries, int idBytes, int bodyBytes) {
        return LeaseId.length(sequence) + 1 + digits(deliveries) + 1 + Math.max(1, idBytes) + 1 + bodyBytes;
    }

    /**
     * A lease frame: {@code <lease-id> <deliveries> <message-id|-> <text>}; {@code messageId} is a producer id
     * (printable ASCII, see {@link ProtocolLimits#producerIdProblem}) or null; the lease id is
     * {@code <sequence>.<tag>} (see {@link LeaseId}).
     */
    public void lease(long sequence, long tag, int deliveries, String messageId, byte[] body) {
        int at = leaseNumbers(sequence, tag, deliveries, leaseTextLength(sequence, deliveries, messageId,
                body.length));
        if (messageId == null) {
            buf.put(DASH);
        } else {
            for (int i = 0; i < messageId.length(); i++) {
                buf.put((byte) messageId.charAt(i)); // printable ASCII, checked when it was put
            }
        }
        buf.put((byte) ' ');
        buf.put(body);
        end(at);
    }

    /**
     * {@link #lease(long, long, int, String, byte[])} with the message id ({@code idBytes} bytes, 0 for none) and
     * then the body ({@code bodyBytes}) copied from {@code src} at {@code idOffset}, as a store keeps them.
     */
    public void lease(long sequence, long tag, int deliveries, ByteBuffer src, int idOffset, int idBytes,
                      int bodyBytes) {
        int at = leaseNumbers(sequence, tag, deliveries, leaseTextLength(sequence, deliveries, idBytes, bodyBytes));
        if (idBytes == 0) {
            buf.put(DASH);
        } else {
            copy(src, idOffset, idBytes);
        }
        buf.put((byte) ' ');
        copy(src, idOffset + idBytes, bodyBytes);
        end(at);
    }

    private int leaseNumbers(long sequence, long tag, int deliveries, int textLength) {
        int at = begin(textLength);
        LeaseId.write(sequence, tag, buf);
        buf.put((byte) ' ');
        decimal(deliveries);
        buf.put((byte) ' ');
        return at;
    }

    private void copy(ByteBuffer src, int offset, int length) {
        int p = buf.position();
        buf.put(p, src, offset, length);
        buf.position(p + length);
    }

    /** {@code ERR <reason> <detail>}, cut to a short reply. */
    public void error(ErrorReason reason, String detail) {
        text(errorBytes(reason, detail));
    }

    /**
     * {@code ERR <reason> <detail>} cut to at most {@code maxTextBytes} (never shorter than {@code ERR <reason>}):
     * a node bounds what an error may cost it, so a small bad request cannot draw a large reply.
     */
    public void error(ErrorReason reason, String detail, int maxTextBytes) {
        text(errorBytes(reason, detail, maxTextBytes));
    }

    /**
     * {@code ERR <reason> <detail>} cut so that its whole frame, header and checksum wrapper included, takes at most
     * {@code budgetBytes} (never less than {@code ERR <reason>}); returns the bytes the frame took.
     */
    public int errorWithin(ErrorReason reason, String detail, int budgetBytes) {
        int before = length();
        // A short frame's header (L HH) is three bytes; a checksum wrapper comes on top of the text.
        error(reason, detail, budgetBytes - 3 - (wrapping() ? Integrity.PREFIX_BYTES : 0));
        return length() - before;
    }

    /** The text of {@code ERR <reason> <detail>}, cut (never inside a UTF-8 sequence) to a short reply. */
    public static byte[] errorBytes(ErrorReason reason, String detail) {
        return errorBytes(reason, detail, ProtocolLimits.MAX_ERROR_TEXT_BYTES);
    }

    /** The bytes of {@link #error(ErrorReason, String, int)}. */
    public static byte[] errorBytes(ErrorReason reason, String detail, int maxTextBytes) {
        byte[] text = ("ERR " + reason.word() + (detail == null || detail.isEmpty() ? "" : " " + detail))
                .getBytes(StandardCharsets.UTF_8);
        int limit = Math.max(4 + reason.word().length(), Math.min(maxTextBytes, ProtocolLimits.MAX_ERROR_TEXT_BYTES));
        if (text.length <= limit) {
            return text;
        }
        int cut = limit;
        while (cut > 0 && (text[cut] & 0xc0) == 0x80) {
            cut--; // never split a UTF-8 sequence
        }
        while (cut > 4 + reason.word().length() && text[cut - 1] == ' ') {
            cut--; // a cut text ends on a word, not on the space after it
        }
        byte[] out = new byte[cut];
        System.arraycopy(text, 0, out, 0, cut);
        return out;
    }

    /** Writes the header of a frame whose (inner) text has {@code textLength} bytes; returns where the text starts. */
    private int begin(int textLength) {
        Frames.writeHeader(textLength + (wrap ? Integrity.PREFIX_BYTES : 0), buf);
        int at = buf.position();
        if (wrap) {
            buf.position(at + Integrity.PREFIX_BYTES);
        }
        return at;
    }

    /** Fills in the checksum of the text written since {@link #begin}, when wrapping. */
    private void end(int at) {
        if (!wrap) {
            return;
        }
        int end = buf.position();
        int c = Integrity.crc32c(buf, at + Integrity.PREFIX_BYTES, end - at - Integrity.PREFIX_BYTES, crc);
        buf.position(at);
        Integrity.writePrefix(c, buf);
        buf.position(end);
    }

    private static int digits(long n) {
        return Decimal.length(n);
    }

    private void decimal(long n) {
        Decimal.write(n, buf);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
