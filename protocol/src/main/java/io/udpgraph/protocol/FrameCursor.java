package io.udpgraph.protocol;

import java.nio.ByteBuffer;

/**
 * A reusable, allocation-free reader of the frames in one datagram: {@link #reset} it on the received
 * buffer, then call {@link #next()} while {@link #hasNext()}; after each call {@link #textStart()} and
 * {@link #textLength()} locate the frame's text in {@link #buffer()}. The first frame's errors are
 * reported by class; anything after a whole frame that does not parse is {@link FrameError#TRAILING_BYTES}.
 * Not thread-safe: one cursor per receiving thread.
 */
public final class FrameCursor {
    private ByteBuffer buffer;
    private int at;
    private int limit;
    private int frames;
    private int textStart;
    private int textLength;

    /** Starts reading the frames in {@code datagram}'s position..limit; the buffer is not modified. */
    public FrameCursor reset(ByteBuffer datagram) {
        this.buffer = datagram;
        this.at = datagram.position();
        this.limit = datagram.limit();
        this.frames = 0;
        this.textStart = 0;
        this.textLength = 0;
        return this;
    }

    /** True while bytes are left, and before the first frame of an empty datagram (whose next() fails). */
    public boolean hasNext() {
        return at < limit || frames == 0;
    }

    /** Frames read so far. */
    public int frames() {
        return frames;
    }

    /** Reads the next frame; on failure the cursor is left where the bad frame began. */
    public void next() throws FrameException {
        if (frames == 0) {
            if (at >= limit) {
                throw new FrameException(FrameError.EMPTY_DATAGRAM, "empty datagram: expected an LHHTTT frame such as 13GET");
            }
            if (limit - at > Frames.MAX_DATAGRAM_BYTES) {
                throw new FrameException(FrameError.TOO_LARGE, "datagram of " + (limit - at)
                        + " bytes exceeds the " + Frames.MAX_DATAGRAM_BYTES + "-byte limit of one frame");
            }
            readFrame();
        } else {
            try {
                readFrame();
            } catch (FrameException e) {
                throw new FrameException(FrameError.TRAILING_BYTES, (limit - at) + " bytes after frame " + frames
                        + " do not form a frame: " + e.getMessage());
            }
        }
        frames++;
    }

    private void readFrame() throws FrameException {
        int l = Hex.value(buffer.get(at));
        if (l <= 0) {
            throw new FrameException(FrameError.BAD_LENGTH_DIGIT, "length digit L is " + describe(buffer.get(at))
                    + ": it must be one hex digit 1-f giving how many hex digits follow");
        }
        int remainingAfterL = limit - at - 1;
        if (l > remainingAfterL) {
            throw new FrameException(FrameError.TRUNCATED, "L declares " + l + " size digits but only "
                    + remainingAfterL + " bytes follow");
        }
        long size = 0;
        for (int i = 1; i <= l; i++) {
            byte b = buffer.get(at + i);
            int v = Hex.value(b);
            if (v < 0) {
                throw new FrameException(FrameError.BAD_SIZE_DIGIT, "size digit " + i + " of " + l + " is "
                        + describe(b) + ": HH must be hexadecimal (0-9, a-f, A-F)");
            }
            size = (size << 4) | v;
        }
        int start = at + 1 + l;
        long remaining = limit - start;
        if (size > remaining) {
            throw new FrameException(FrameError.TRUNCATED, "declared length 0x" + Long.toHexString(size)
                    + " exceeds " + remaining + " remaining bytes");
        }
        int n = (int) size;
        int bad = Utf8.firstInvalid(buffer, start, n);
        if (bad >= 0) {
            throw new FrameException(FrameError.INVALID_UTF8, "text is not valid UTF-8 at byte " + bad
                    + " (0x" + Integer.toHexString(buffer.get(start + bad) & 0xff) + ")");
        }
        textStart = start;
        textLength = n;
        at = start + n;
    }

    static String describe(byte b) {
        int c = b & 0xff;
        if (c >= 0x21 && c < 0x7f) {
            return "'" + (char) c + "'";
        }
        return "byte 0x" + Integer.toHexString(c);
    }

    /** The buffer the frames are read from. */
    public ByteBuffer buffer() {
        return buffer;
    }

    /** Absolute index of the current frame's text in {@link #buffer()}. */
    public int textStart() {
        return textStart;
    }

    /** Byte length of the current frame's text. */
    public int textLength() {
        return textLength;
    }

    /** A read-only slice of the current frame's text (allocates a view, copies nothing). */
    public ByteBuffer text() {
        return buffer.slice(textStart, textLength).asReadOnlyBuffer();
    }
}
