package io.udpgraph.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The LHHTTT frame codec: {@code TTT} is UTF-8 text, {@code HH} its byte length in hexadecimal, {@code L}
 * the length of {@code HH} as one hexadecimal digit. Encoding writes lowercase hex without leading
 * zeros ({@code 10} for the empty text); decoding accepts either case and leading zeros, as the original
 * Python's {@code int(x, 16)} did. Stateless and thread-safe.
 */
public final class Frames {
    /** The largest UDP payload over IPv4, so the largest frame a datagram can carry. */
    public static final int MAX_DATAGRAM_BYTES = ProtocolLimits.MAX_DATAGRAM_BYTES;
    /** The largest text that fits one datagram once framed ({@code 4} + four hex digits of header). */
    public static final int MAX_TEXT_BYTES = ProtocolLimits.MAX_FRAME_TEXT_BYTES;
    /** The empty frame: the reply to a GET on an empty queue. */
    public static final byte[] EMPTY_FRAME = {'1', '0'};

    private Frames() {
    }

    /** Number of lowercase hex digits {@code HH} takes for a text of {@code textLength} bytes. */
    public static int sizeDigits(long textLength) {
        if (textLength == 0) {
            return 1;
        }
        return (64 - Long.numberOfLeadingZeros(textLength) + 3) / 4;
    }

    /** Bytes a frame of a {@code textLength}-byte text occupies: {@code 1 + |HH| + textLength}. */
    public static int frameLength(int textLength) {
        return 1 + sizeDigits(textLength) + textLength;
    }

    /** Frames {@code text} as UTF-8; fails with the sizes when the frame would not fit one datagram. */
    public static byte[] encode(String text) {
        return encode(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Frames UTF-8 bytes as they are; fails with the sizes when the frame would not fit one datagram. */
    public static byte[] encode(byte[] text) {
        int frameLength = checkFits(text.length);
        byte[] out = new byte[frameLength];
        int at = writeHeader(text.length, out);
        System.arraycopy(text, 0, out, at, text.length);
        return out;
    }

    /**
     * Appends the frame of {@code text}'s remaining bytes to {@code dst} and returns the bytes written.
     * Neither buffer's position moves except {@code dst}'s, by the frame's length. The caller checks
     * {@code frameLength(text.remaining()) <= dst.remaining()} first.
     */
    public static int encode(ByteBuffer text, ByteBuffer dst) {
        int n = text.remaining();
        int frameLength = checkFits(n);
        writeHeader(n, dst);
        dst.put(dst.position(), text, text.position(), n);
        dst.position(dst.position() + n);
        return frameLength;
    }

    /** Appends only the {@code LHH} header for a text of {@code textLength} bytes; the caller writes the text. */
    public static void writeHeader(int textLength, ByteBuffer dst) {
        int digits = sizeDigits(textLength);
        dst.put(Hex.digit(digits));
        Hex.write(textLength, digits, dst);
    }

    private static int writeHeader(int textLength, byte[] dst) {
        int digits = sizeDigits(textLength);
        dst[0] = Hex.digit(digits);
        Hex.write(textLength, digits, dst, 1);
        return 1 + digits;
    }

    private static int checkFits(int textLength) {
        int frameLength = frameLength(textLength);
        if (frameLength > MAX_DATAGRAM_BYTES) {
            throw new FrameTooLargeException(textLength, frameLength, MAX_DATAGRAM_BYTES);
        }
        return frameLength;
    }

    /** Decodes a datagram that must hold exactly one frame and returns its text. */
    public static String decodeText(byte[] datagram) throws FrameException {
        List<ByteBuffer> frames = decodeAll(ByteBuffer.wrap(datagram));
        if (frames.size() != 1) {
            throw new FrameException(FrameError.TRAILING_BYTES,
                    "expected one frame, got " + frames.size() + " back to back");
        }
        return StandardCharsets.UTF_8.decode(frames.get(0)).toString();
    }

    /**
     * Decodes every frame of a datagram (a batch is several frames back to back) into read-only slices of
     * it, in order. The whole datagram is checked before anything is returned.
     */
    public static List<ByteBuffer> decodeAll(ByteBuffer datagram) throws FrameException {
        FrameCursor cursor = new FrameCursor().reset(datagram);
        List<ByteBuffer> out = new ArrayList<>(2);
        while (cursor.hasNext()) {
            cursor.next();
            out.add(cursor.text());
        }
        return out;
    }

    /** Decodes every frame of a datagram into strings, in order. */
    public static List<String> decodeAllText(byte[] datagram) throws FrameException {
        List<String> out = new ArrayList<>(2);
        for (ByteBuffer text : decodeAll(ByteBuffer.wrap(datagram))) {
            out.add(StandardCharsets.UTF_8.decode(text).toString());
        }
        return out;
    }
}
