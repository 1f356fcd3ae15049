package io.udpgraph.connector;

import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.util.ArrayDeque;
import java.util.Deque;

/** A channel that hands out given pieces of a stream, one per read, then the end of the stream: TCP in memory. */
final class ChunkedChannel implements ReadableByteChannel {
    private final Deque<ByteBuffer> pieces = new ArrayDeque<>();

    /** The stream cut before each index of {@code cuts} (ascending). */
    ChunkedChannel(byte[] stream, int... cuts) {
        int from = 0;
        for (int cut : cuts) {
            pieces.add(ByteBuffer.wrap(stream, from, cut - from));
            from = cut;
        }
        pieces.add(ByteBuffer.wrap(stream, from, stream.length - from));
    }

    @Override
    public int read(ByteBuffer dst) {
        ByteBuffer next = pieces.peek();
        if (next == null) {
            return -1;
        }
        int n = Math.min(next.remaining(), dst.remaining());
        ByteBuffer slice = next.slice(next.position(), n);
        dst.put(slice);
        next.position(next.position() + n);
        if (!next.hasRemaining()) {
            pieces.poll();
        }
        return n;
    }

    @Override
    public boolean isOpen() {
        return true;
    }

    @Override
    public void close() {
    }
}
