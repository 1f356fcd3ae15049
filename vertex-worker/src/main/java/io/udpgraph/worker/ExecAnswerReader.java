package io.udpgraph.worker;

import io.udpgraph.protocol.FrameException;
import io.udpgraph.protocol.StreamingFrameDecoder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Reads an {@code --exec} child's answers from its stdout: result frames, decoded by the protocol's
 * {@link StreamingFrameDecoder}, up to the end byte {@code 0} that closes each answer. One reader per
 * child process: after a protocol error the stream cannot be trusted, so the child is replaced.
 */
final class ExecAnswerReader {
    /** Ends an answer; no frame starts with it, since a frame's L is 1-f. */
    static final byte END = '0';

    private final InputStream in;
    private final StreamingFrameDecoder decoder = new StreamingFrameDecoder();
    private final ByteBuffer chunk = ByteBuffer.allocate(1 << 16).flip();
    private final StreamingFrameDecoder.FrameSink sink = this::onFrame;
    private List<String> results;
    private boolean frameDone;

    ExecAnswerReader(InputStream in) {
        this.in = in;
    }

    /**
     * Adds the results of one answer to {@code results} and returns after its end byte; bytes the
     * child wrote after it stay for the next call.
     *
     * @throws ExecFunction.ExecProtocolException when the child wrote something that is not a frame
     * @throws IOException when the child's stdout ends or breaks
     */
    void readAnswer(List<String> results) throws IOException {
        this.results = results;
        while (true) {
            fillIfEmpty();
            if (chunk.get(chunk.position()) == END) {
                chunk.get();
                return;
            }
            readFrame();
        }
    }

    private void readFrame() throws IOException {
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
    }

    private void onFrame(ByteBuffer text) {
        byte[] bytes = new byte[text.remaining()];
        text.get(bytes);
        results.add(new String(bytes, StandardCharsets.UTF_8));
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
