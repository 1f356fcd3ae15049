package io.udpgraph.protocol;

import java.nio.ByteBuffer;

/**
 * A forward-only LHHTTT decoder for byte streams (TCP, pipes): feed chunks of any size, one byte at a
 * time included, and each whole frame's text is handed to the sink as soon as its last byte arrives.
 * After a malformed frame the stream cannot be resynchronised, so every later call fails with the same
 * error. Not thread-safe: one decoder per stream.
 */
public final class StreamingFrameDecoder {
    /** Receives each decoded frame's text; the buffer is valid only during the call. */
    @FunctionalInterface
    public interface FrameSink {
        void onFrame(ByteBuffer text);
    }

    private enum State { LENGTH, SIZE, TEXT }

    private final int maxTextBytes;
    private State state = State.LENGTH;
    private int sizeDigits;
    private int sizeDigitsRead;
    private long size;
    private ByteBuffer text;
    private FrameException failure;
    private long frames;

    /** A decoder that accepts texts up to {@link Frames#MAX_TEXT_BYTES}. */
    public StreamingFrameDecoder() {
        this(Frames.MAX_TEXT_BYTES);
    }

    /** A decoder that refuses any frame whose text is over {@code maxTextBytes}. */
    public StreamingFrameDecoder(int maxTextBytes) {
        this.maxTextBytes = maxTextBytes;
        this.text = ByteBuffer.allocate(Math.min(maxTextBytes, 4096));
    }

    /** Consumes all of {@code chunk}'s remaining bytes, emitting every frame it completes. */
    public void feed(ByteBuffer chunk, FrameSink sink) throws FrameException {
        if (failure != null) {
            throw failure;
        }
        try {
            while (chunk.hasRemaining()) {
                step(chunk, sink);
            }
        } catch (FrameException e) {
            failure = e;
            throw e;
        }
    }

    /** Convenience for {@link #feed(ByteBuffer, FrameSink)} over a byte range. */
    public void feed(byte[] bytes, int offset, int length, FrameSink sink) throws FrameException {
        feed(ByteBuffer.wrap(bytes, offset, length), sink);
    }

    /** Declares the end of the stream; fails if it ends inside a frame. */
    public void finish() throws FrameException {
        if (failure != null) {
            throw failure;
        }
        if (isMidFrame()) {
            failure = new FrameException(FrameError.TRUNCATED, "stream ended inside frame " + (frames + 1));
            throw failure;
        }
    }

    /** True when some bytes of a frame have arrived but not all of them. */
    public boolean isMidFrame() {
        return state != State.LENGTH;
    }

    /** Frames emitted so far. */
    public long frames() {
        return frames;
    }

    private void step(ByteBuffer chunk, FrameSink sink) throws FrameException {
        switch (state) {
            case LENGTH -> {
                byte b = chunk.get();
                int l = Hex.value(b);
                if (l <= 0) {
                    throw new FrameException(FrameError.BAD_LENGTH_DIGIT, "frame " + (frames + 1) + ": length digit L is "
                            + FrameCursor.describe(b) + ": it must be one hex digit 1-f");
                }
                sizeDigits = l;
                sizeDigitsRead = 0;
                size = 0;
                state = State.SIZE;
            }
            case SIZE -> {
                byte b = chunk.get();
                int v = Hex.value(b);
                if (v < 0) {
                    throw new FrameException(FrameError.BAD_SIZE_DIGIT, "frame " + (frames + 1) + ": size digit is "
                            + FrameCursor.describe(b) + ": HH must be hexadecimal");
                }
                size = (size << 4) | v;
                if (++sizeDigitsRead == sizeDigits) {
                    if (size > maxTextBytes) {
                        throw new FrameException(FrameError.TOO_LARGE, "frame " + (frames + 1) + " declares "
                                + size + " bytes of text, over the limit of " + maxTextBytes);
                    }
                    text.clear();
                    if (text.capacity() < size) {
                        text = ByteBuffer.allocate((int) Math.min(maxTextBytes, Math.max(size, text.capacity() * 2L)));
                    }
                    text.limit((int) size);
                    state = State.TEXT;
                    if (size == 0) {
                        emit(sink);
                    }
                }
            }
            case TEXT -> {
                int n = Math.min(text.remaining(), chunk.remaining());
                text.put(text.position(), chunk, chunk.position(), n);
                text.position(text.position() + n);
                chunk.position(chunk.position() + n);
                if (!text.hasRemaining()) {
                    emit(sink);
                }
            }
        }
    }

    private void emit(FrameSink sink) throws FrameException {
        text.flip();
        int bad = Utf8.firstInvalid(text, 0, text.limit());
        if (bad >= 0) {
            throw new FrameException(FrameError.INVALID_UTF8, "frame " + (frames + 1)
                    + ": text is not valid UTF-8 at byte " + bad);
        }
        state = State.LENGTH;
        frames++;
        sink.onFrame(text.asReadOnlyBuffer());
    }
}
