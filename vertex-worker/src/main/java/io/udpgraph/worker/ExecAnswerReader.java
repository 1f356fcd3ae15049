package io.udpgraph.worker;

import io.udpgraph.protocol.FrameException;
import io.udpgraph.protocol.StreamingFrameDecoder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads an {@code --exec} child's answers from its stdout: result frames, decoded by the protocol's
 * {@link StreamingFrameDecoder}, up to the end byte {@code 0} that closes each answer. A result may
 * follow a key ({@code k} or {@code i} and a frame), and an answer may carry the function's error
 * ({@code !} and a frame); none of these bytes can start a frame, so a child that never writes them
 * speaks the protocol as before. One reader per child process: after a protocol error the stream
 * cannot be trusted, so the child is replaced.
 */
final class ExecAnswerReader {
    /** Ends an answer; no frame starts with it, since a frame's L is 1-f. */
    static final byte END = '0';
    /** Comes before a frame holding a text key for the next result. */
    static final byte TEXT_KEY = 'k';
    /** Comes before a frame holding a decimal integer key for the next result. */
    static final byte INTEGER_KEY = 'i';
    /** Comes before a frame holding the error the function raised on this input. */
    static final byte ERROR = '!';

    private final InputStream in;
    private final StreamingFrameDecoder decoder = new StreamingFrameDecoder();
    private final ByteBuffer chunk = ByteBuffer.allocate(1 << 16).flip();
    private final StreamingFrameDecoder.FrameSink sink = this::onFrame;
    private final List<String> frames = new ArrayList<>(1);
    private boolean frameDone;

    ExecAnswerReader(InputStream in) {
        this.in = in;
    }

    /**
     * Adds the results of one answer, with their keys, to {@code results} and returns after its end
     * byte; bytes the child wrote after it stay for the next call. Returns the function's error
     * message when the answer carried one, else null.
     *
     * @throws ExecFunction.ExecProtocolException when the child wrote something that is not a frame,
     *     or a key with no result after it
     * @throws IOException when the child's stdout ends or breaks
     */
    String readAnswer(ResultBuffer results) throws IOException {
        String error = null;
        while (true) {
            fillIfEmpty();
            byte first = chunk.get(chunk.position());
            if (first == END) {
                chunk.get();
                return error;
            }
            if (first == ERROR) {
                chunk.get();
                error = readFrame();
            } else if (first == TEXT_KEY || first == INTEGER_KEY) {
                chunk.get();
                String key = readFrame();
                fillIfEmpty();
                byte next = chunk.get(chunk.position());
                if (next == END || next == ERROR || next == TEXT_KEY || next == INTEGER_KEY) {
                    throw new ExecFunction.ExecProtocolException("the exec child wrote the key '"
                            + ErrorLog.shorten(key) + "' with no result frame after it; write the key "
                            + "right before its result");
                }
                String result = readFrame();
                if (first == TEXT_KEY) {
                    results.emit(key, result);
                } else {
                    results.emit(integerKey(key), result);
                }
            } else {
                results.emit(readFrame());
            }
        }
    }

    private static long integerKey(String key) throws ExecFunction.ExecProtocolException {
        try {
            return Long.parseLong(key);
        } catch (NumberFormatException e) {
            throw new ExecFunction.ExecProtocolException("the exec child wrote the integer key '"
                    + ErrorLog.shorten(key) + "', which is not a decimal that fits 64 bits");
        }
    }

    private String readFrame() throws IOException {
        frames.clear();
        frameDone = false;
        do {
            fillIfEmpty();
            int end = chunk.limit();
            try {
                decoder.feed(chunk, sink);
            } catch (FrameException e) {
                throw new ExecFunction.ExecProtocolException("the exec child wrote something other than a frame "
                        + "or the end byte '0' (" + e.getMessage() + "); write only LHHTTT frames to stdout "
                        + "(print logs to stderr)");
            } finally {
                chunk.limit(end);
            }
        } while (!frameDone);
        return frames.get(0);
    }

    private void onFrame(ByteBuffer text) {
        byte[] bytes = new byte[text.remaining()];
        text.get(bytes);
        frames.add(new String(bytes, StandardCharsets.UTF_8));
        frameDone = true;
        // The decoder reads on while the chunk has bytes, and the end byte after this frame is no
        // frame: ending the chunk here hands the rest back to readAnswer, which restores the limit.
        chunk.limit(chunk.position());
    }

    private void fillIfEmpty() throws IOException {
        if (chunk.hasRemaining()) {
            return;
        }
        int n = in.read(chunk.array(), 0, chunk.capacity());
        if (n < 0) {
            throw new IOException(decoder.isMidFrame() ? "its stdout ended inside a frame" : "its stdout ended");
        }
        chunk.position(0).limit(n);
    }
}
