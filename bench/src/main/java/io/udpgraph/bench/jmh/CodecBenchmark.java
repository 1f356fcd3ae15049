package io.udpgraph.bench.jmh;

import io.udpgraph.protocol.FrameCursor;
import io.udpgraph.protocol.FrameException;
import io.udpgraph.protocol.Frames;
import io.udpgraph.protocol.StreamingFrameDecoder;
import io.udpgraph.protocol.Utf8;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The LHHTTT codec on the hot path: encoding a message, decoding one frame and a batch of frames from a
 * datagram, the streaming decoder over a byte stream, and UTF-8 validation. Run with {@code scripts/bench jmh}
 * (add {@code CodecBenchmark.decode} to pick one, {@code -p text=ascii} to pick a text).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-XX:+UseSerialGC"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class CodecBenchmark {
    /** Frames in the batch datagram and in the stream. */
    static final int BATCH = 100;

    /** {@code ascii}: 100 ASCII bytes; {@code mixed}: 100 bytes with two- to four-byte characters. */
    @Param({"ascii", "mixed"})
    public String text;

    private String message;
    private byte[] messageBytes;
    private ByteBuffer messageBuffer;
    private ByteBuffer out;
    private ByteBuffer frame;
    private ByteBuffer batch;
    private byte[] stream;
    private final FrameCursor cursor = new FrameCursor();
    private final StreamingFrameDecoder.FrameSink countFrames = t -> { };

    @Setup
    public void setUp() {
        message = text.equals("ascii") ? "x".repeat(100) : mixed100();
        messageBytes = message.getBytes(StandardCharsets.UTF_8);
        messageBuffer = ByteBuffer.allocateDirect(messageBytes.length).put(messageBytes).flip();
        out = ByteBuffer.allocateDirect(65_536);
        byte[] f = Frames.encode(messageBytes);
        frame = ByteBuffer.allocateDirect(f.length).put(f).flip();
        batch = ByteBuffer.allocateDirect(f.length * BATCH);
        for (int i = 0; i < BATCH; i++) {
            batch.put(f);
        }
        batch.flip();
        stream = new byte[f.length * BATCH];
        for (int i = 0; i < BATCH; i++) {
            System.arraycopy(f, 0, stream, i * f.length, f.length);
        }
    }

    private static String mixed100() {
        StringBuilder s = new StringBuilder();
        String[] parts = {"abc ", "é", "€", "\uD835\uDC07"};
        int i = 0;
        while (s.toString().getBytes(StandardCharsets.UTF_8).length < 96) {
            s.append(parts[i++ % parts.length]);
        }
        while (s.toString().getBytes(StandardCharsets.UTF_8).length < 100) {
            s.append('z');
        }
        return s.toString();
    }

    /** A String message to a new frame array (what a client's {@code put(String)} does). */
    @Benchmark
    public byte[] encodeString() {
        return Frames.encode(message);
    }

    /** Message bytes into a reused direct buffer (what a node's reply writer does). */
    @Benchmark
    public ByteBuffer encodeIntoBuffer() {
        out.clear();
        Frames.encode(messageBuffer, out);
        return out;
    }

    /** One frame of a datagram, header and UTF-8 checked, with the reusable cursor. */
    @Benchmark
    public int decode() throws FrameException {
        cursor.reset(frame);
        cursor.next();
        return cursor.textLength();
    }

    /** A datagram of 100 frames back to back, every frame checked; divide by 100 for the cost per frame. */
    @Benchmark
    public int decodeBatch() throws FrameException {
        cursor.reset(batch);
        int bytes = 0;
        while (cursor.hasNext()) {
            cursor.next();
            bytes += cursor.textLength();
        }
        return bytes;
    }

    /** 100 frames as a byte stream fed in 1,500-byte chunks to a fresh streaming decoder. */
    @Benchmark
    public long streamingDecode() throws FrameException {
        StreamingFrameDecoder decoder = new StreamingFrameDecoder();
        for (int at = 0; at < stream.length; at += 1500) {
            decoder.feed(stream, at, Math.min(1500, stream.length - at), countFrames);
        }
        return decoder.frames();
    }

    /** UTF-8 validation of the message alone. */
    @Benchmark
    public int validateUtf8() {
        return Utf8.firstInvalid(messageBuffer, 0, messageBuffer.limit());
    }

    /** Decoding a frame's text to a String (what a worker's function input costs). */
    @Benchmark
    public void decodeToString(Blackhole bh) throws FrameException {
        cursor.reset(frame);
        cursor.next();
        bh.consume(StandardCharsets.UTF_8.decode(cursor.buffer().slice(cursor.textStart(), cursor.textLength())).toString());
    }
}
