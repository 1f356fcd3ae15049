package io.udpgraph.connector;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What every framing's codec must do; each framing subclasses it with the bytes of its seed document. */
abstract class FrameCodecContract {
    static final int MAX = 64;

    /** The framing under test. */
    abstract Framing framing();

    /** A message from the seed, and its frame exactly as the seed prints it. */
    abstract String seedMessage();

    abstract byte[] seedFrame();

    /** A header this framing can never start a frame with. */
    abstract byte[] malformedHeader();

    FrameCodec codec() {
        return framing().codec(MAX);
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    byte[] frame(String message) {
        byte[] m = message.getBytes(StandardCharsets.UTF_8);
        ByteBuffer out = ByteBuffer.allocate(codec().framedLength(m.length));
        codec().encode(m, out);
        assertEquals(0, out.remaining(), "framedLength matches what encode writes");
        return out.array();
    }

    /** Decodes a stream read in the pieces the cuts give, as tcp-in does, storing every frame at once. */
    List<String> decode(byte[] stream, int... cuts) throws IOException {
        InboundStream in = new InboundStream(1, 4 * MAX + 64);
        ChunkedChannel channel = new ChunkedChannel(stream, cuts);
        FrameSpan span = new FrameSpan();
        List<String> out = new ArrayList<>();
        while (in.readFrom(channel) >= 0 || !in.finished()) {
            int end;
            while ((end = in.nextFrame(codec(), span)) >= 0) {
                byte[] m = new byte[span.messageLength()];
                in.buffer().get(span.messageStart(), m);
                out.add(new String(m, StandardCharsets.UTF_8));
                in.stored(end, in.lastSeq(), 0);
            }
            if (in.failure() != null) {
                throw new IllegalStateException(in.failure());
            }
        }
        return out;
    }

    @Test
    void seedFrameDecodesToTheSeedMessage() throws IOException {
        assertEquals(List.of(seedMessage()), decode(seedFrame()));
    }

    @Test
    void seedMessageEncodesToTheSeedFrameVerbatim() {
        assertArrayEquals(seedFrame(), frame(seedMessage()));
    }

    @Test
    void framesSplitAtEveryByteBoundaryDecodeTheSame() throws IOException {
        ByteArrayOutputStream s = new ByteArrayOutputStream();
        List<String> messages = List.of(seedMessage(), "", "x", "héllo wörld");
        for (String m : messages) {
            s.writeBytes(frame(m));
        }
        s.writeBytes(seedFrame());
        byte[] stream = s.toByteArray();
        List<String> expected = new ArrayList<>(messages);
        expected.add(seedMessage());
        for (int cut = 0; cut <= stream.length; cut++) {
            assertEquals(expected, decode(stream, cut), "one cut at " + cut);
            for (int second = cut; second <= stream.length; second += 3) {
                assertEquals(expected, decode(stream, cut, second), "cuts at " + cut + " and " + second);
            }
        }
    }

    @Test
    void aStreamReadOneByteAtATimeDecodesTheSame() throws IOException {
        byte[] stream = seedFrame();
        int[] cuts = new int[stream.length - 1];
        Arrays.setAll(cuts, i -> i + 1);
        assertEquals(List.of(seedMessage()), decode(stream, cuts));
    }

    @Test
    void aMessageOfTheMaximumSizeIsAccepted() throws IOException {
        String longest = "m".repeat(MAX);
        assertEquals(List.of(longest, "after"), decode(concat(frame(longest), frame("after"))));
    }

    @Test
    void aMessageOverTheMaximumSizeIsMalformed() {
        byte[] big = frameWith(MAX + 1);
        assertThrows(MalformedFrameException.class,
                () -> codec().scan(ByteBuffer.wrap(big), 0, big.length, new FrameSpan()));
    }

    @Test
    void aMalformedHeaderFailsTheStreamAfterTheFramesBeforeIt() throws IOException {
        byte[] stream = concat(frame("first"), malformedHeader(), new byte[MAX]);
        InboundStream in = new InboundStream(1, 4 * MAX + 64);
        in.readFrom(new ChunkedChannel(stream));
        FrameSpan span = new FrameSpan();
        int end = in.nextFrame(codec(), span);
        assertEquals(frame("first").length, end);
        assertNull(in.failure());
        in.stored(end, in.lastSeq(), 0);
        assertEquals(-1, in.nextFrame(codec(), span));
        assertNotNull(in.failure());
        assertEquals(true, in.finished(), "a failed stream closes once what came before is stored");
    }

    @Test
    void aMessageThatIsNotUtf8FailsTheStream() throws IOException {
        byte[] bad = frameOfBytes(new byte[] {'o', 'k', (byte) 0xc3, '(', 'x'});
        InboundStream in = new InboundStream(1, 4 * MAX + 64);
        in.readFrom(new ChunkedChannel(bad));
        assertEquals(-1, in.nextFrame(codec(), new FrameSpan()));
        assertNotNull(in.failure());
    }

    /** A frame carrying {@code n} bytes, written with a codec that allows them. */
    byte[] frameWith(int n) {
        return frameOfBytes(bytes("z".repeat(n)));
    }

    byte[] frameOfBytes(byte[] message) {
        FrameCodec wide = framing().codec(message.length);
        ByteBuffer out = ByteBuffer.allocate(wide.framedLength(message.length));
        wide.encode(message, out);
        return out.array();
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream s = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            s.writeBytes(p);
        }
        return s.toByteArray();
    }
}
