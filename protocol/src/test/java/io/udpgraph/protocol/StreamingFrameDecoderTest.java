package io.udpgraph.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class StreamingFrameDecoderTest {

    private static byte[] allVectorsBackToBack() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (SeedVectors.Vector v : SeedVectors.all()) {
            out.writeBytes(v.frame());
        }
        return out.toByteArray();
    }

    private static List<String> expectedTexts() {
        List<String> texts = new ArrayList<>();
        for (SeedVectors.Vector v : SeedVectors.all()) {
            texts.add(v.text());
        }
        return texts;
    }

    private static void collect(StreamingFrameDecoder d, byte[] bytes, int from, int to, List<String> out)
            throws FrameException {
        d.feed(bytes, from, to - from, text -> out.add(StandardCharsets.UTF_8.decode(text).toString()));
    }

    @Test
    void everyVectorSplitAtEveryPositionDecodesToItsText() throws FrameException {
        for (SeedVectors.Vector v : SeedVectors.all()) {
            byte[] frame = v.frame();
            for (int split = 0; split <= frame.length; split++) {
                StreamingFrameDecoder d = new StreamingFrameDecoder();
                List<String> out = new ArrayList<>();
                collect(d, frame, 0, split, out);
                collect(d, frame, split, frame.length, out);
                d.finish();
                assertEquals(List.of(v.text()), out, "'" + v.text() + "' split at " + split);
            }
        }
    }

    @Test
    void allVectorsInOneStreamSplitAtEveryPairOfPositionsDecodeInOrder() throws FrameException {
        byte[] stream = allVectorsBackToBack();
        for (int a = 0; a <= stream.length; a++) {
            for (int b = a; b <= stream.length; b += 7) {
                StreamingFrameDecoder d = new StreamingFrameDecoder();
                List<String> out = new ArrayList<>();
                collect(d, stream, 0, a, out);
                collect(d, stream, a, b, out);
                collect(d, stream, b, stream.length, out);
                d.finish();
                assertEquals(expectedTexts(), out, "split at " + a + " and " + b);
            }
        }
    }

    @Test
    void oneByteAtATimeDecodesEveryFrame() throws FrameException {
        byte[] stream = allVectorsBackToBack();
        StreamingFrameDecoder d = new StreamingFrameDecoder();
        List<String> out = new ArrayList<>();
        for (int i = 0; i < stream.length; i++) {
            collect(d, stream, i, i + 1, out);
        }
        d.finish();
        assertEquals(expectedTexts(), out);
        assertEquals(expectedTexts().size(), d.frames());
    }

    @Test
    void randomChunkingOfManyFramesMatchesTheInput() throws FrameException {
        SplittableRandom random = new SplittableRandom(42);
        List<String> sent = new ArrayList<>();
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        for (int i = 0; i < 500; i++) {
            String s = "m" + i + "-" + "x".repeat(random.nextInt(300));
            sent.add(s);
            stream.writeBytes(Frames.encode(s));
        }
        byte[] bytes = stream.toByteArray();
        StreamingFrameDecoder d = new StreamingFrameDecoder();
        List<String> out = new ArrayList<>();
        int at = 0;
        while (at < bytes.length) {
            int n = Math.min(bytes.length - at, 1 + random.nextInt(700));
            collect(d, bytes, at, at + n, out);
            at += n;
        }
        d.finish();
        assertEquals(sent, out);
    }

    @Test
    void streamEndingInsideAFrameFailsOnFinish() throws FrameException {
        StreamingFrameDecoder d = new StreamingFrameDecoder();
        d.feed(ByteBuffer.wrap("1bHello".getBytes(StandardCharsets.US_ASCII)), text -> { });
        assertTrue(d.isMidFrame());
        FrameException e = assertThrows(FrameException.class, d::finish);
        assertEquals(FrameError.TRUNCATED, e.error());
    }

    @Test
    void malformedLengthDigitPoisonsTheStream() {
        StreamingFrameDecoder d = new StreamingFrameDecoder();
        FrameException first = assertThrows(FrameException.class,
                () -> d.feed(ByteBuffer.wrap("13GET0".getBytes(StandardCharsets.US_ASCII)), text -> { }));
        assertEquals(FrameError.BAD_LENGTH_DIGIT, first.error());
        FrameException later = assertThrows(FrameException.class,
                () -> d.feed(ByteBuffer.wrap("13GET".getBytes(StandardCharsets.US_ASCII)), text -> { }));
        assertSame(first, later);
    }

    @Test
    void badSizeDigitIsRefused() {
        StreamingFrameDecoder d = new StreamingFrameDecoder();
        FrameException e = assertThrows(FrameException.class,
                () -> d.feed(ByteBuffer.wrap("2+3GET".getBytes(StandardCharsets.US_ASCII)), text -> { }));
        assertEquals(FrameError.BAD_SIZE_DIGIT, e.error());
    }

    @Test
    void frameOverTheLimitIsRefusedBeforeItsTextArrives() {
        StreamingFrameDecoder d = new StreamingFrameDecoder(100);
        FrameException e = assertThrows(FrameException.class,
                () -> d.feed(ByteBuffer.wrap("265".getBytes(StandardCharsets.US_ASCII)), text -> { }));
        assertEquals(FrameError.TOO_LARGE, e.error());
    }

    @Test
    void invalidUtf8TextIsRefused() {
        StreamingFrameDecoder d = new StreamingFrameDecoder();
        FrameException e = assertThrows(FrameException.class,
                () -> d.feed(ByteBuffer.wrap(new byte[] {'1', '1', (byte) 0xff}), text -> { }));
        assertEquals(FrameError.INVALID_UTF8, e.error());
    }

    @Test
    void aFrameLargerThanTheInitialBufferIsDecoded() throws FrameException {
        String big = "y".repeat(20_000);
        StreamingFrameDecoder d = new StreamingFrameDecoder();
        List<String> out = new ArrayList<>();
        byte[] frame = Frames.encode(big);
        collect(d, frame, 0, frame.length, out);
        assertEquals(List.of(big), out);
        assertFalse(d.isMidFrame());
    }
}
