package io.udpgraph.protocol;

import static io.udpgraph.protocol.SeedVectors.ascii;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class FramesTest {

    @Test
    void everySeedVectorEncodesToItsExactBytes() {
        for (SeedVectors.Vector v : SeedVectors.all()) {
            assertArrayEquals(v.frame(), Frames.encode(v.text()), "encoding of '" + v.text() + "'");
        }
    }

    @Test
    void everySeedVectorDecodesToItsText() throws FrameException {
        for (SeedVectors.Vector v : SeedVectors.all()) {
            assertEquals(v.text(), Frames.decodeText(v.frame()), "decoding of " + new String(v.frame(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void mathBoldSeedTextIsFortyOneBytesUnderHeader229() {
        byte[] frame = Frames.encode(SeedVectors.MATH_BOLD);
        assertEquals(3 + 41, frame.length);
        assertEquals("229", new String(frame, 0, 3, StandardCharsets.US_ASCII));
    }

    @Test
    void byteBufferEncodingMatchesArrayEncoding() {
        ByteBuffer dst = ByteBuffer.allocate(64);
        for (SeedVectors.Vector v : SeedVectors.all()) {
            dst.clear();
            byte[] text = v.text().getBytes(StandardCharsets.UTF_8);
            int n = Frames.encode(ByteBuffer.wrap(text), dst);
            assertEquals(v.frame().length, n);
            assertArrayEquals(v.frame(), Arrays.copyOf(dst.array(), n));
        }
    }

    @Test
    void encodingWritesLowercaseHexWithoutLeadingZeros() {
        byte[] text = new byte[0xabc];
        Arrays.fill(text, (byte) 'x');
        byte[] frame = Frames.encode(text);
        assertEquals("3abc", new String(frame, 0, 4, StandardCharsets.US_ASCII));
        assertEquals(4 + 0xabc, Frames.frameLength(0xabc));
    }

    @Test
    void decodingAcceptsUppercaseHexDigits() throws FrameException {
        assertEquals("Hello world", Frames.decodeText(ascii("1BHello world")));
        assertEquals("abcdefghijklmnopqrstuvwxyz", Frames.decodeText(ascii("21Aabcdefghijklmnopqrstuvwxyz")));
    }

    @Test
    void decodingAcceptsLeadingZerosInTheSize() throws FrameException {
        assertEquals("GET", Frames.decodeText(ascii("203GET")));
        assertEquals("GET", Frames.decodeText(ascii("40003GET")));
        assertEquals("", Frames.decodeText(ascii("200")));
    }

    @Test
    void largestTextThatFitsOneDatagramEncodesAndDecodes() throws FrameException {
        byte[] text = new byte[Frames.MAX_TEXT_BYTES];
        Arrays.fill(text, (byte) 'a');
        byte[] frame = Frames.encode(text);
        assertEquals(Frames.MAX_DATAGRAM_BYTES, frame.length);
        assertEquals(1, Frames.decodeAll(ByteBuffer.wrap(frame)).size());
    }

    @Test
    void encodingATextTooLargeForOneDatagramNamesTheSizes() {
        byte[] text = new byte[Frames.MAX_TEXT_BYTES + 1];
        FrameTooLargeException e = assertThrows(FrameTooLargeException.class, () -> Frames.encode(text));
        assertTrue(e.getMessage().contains(String.valueOf(Frames.MAX_TEXT_BYTES + 1)), e.getMessage());
        assertTrue(e.getMessage().contains("65507"), e.getMessage());
        assertEquals(Frames.MAX_TEXT_BYTES + 1 + 5, e.frameBytes());
    }

    @Test
    void backToBackFramesDecodeAsABatchInOrder() throws FrameException {
        byte[] batch = ascii("15PUT:a15PUT:b15GET:2");
        assertEquals(List.of("PUT:a", "PUT:b", "GET:2"), Frames.decodeAllText(batch));
    }

    @Test
    void decodedTextsAreSlicesOfTheDatagram() throws FrameException {
        ByteBuffer datagram = ByteBuffer.wrap(ascii("13GET14SIZE"));
        List<ByteBuffer> texts = Frames.decodeAll(datagram);
        assertEquals(2, texts.size());
        assertTrue(texts.get(0).isReadOnly());
        assertEquals(3, texts.get(0).remaining());
        assertEquals(4, texts.get(1).remaining());
    }

    @Test
    void emptyFrameConstantIsTheEncodingOfTheEmptyText() {
        assertArrayEquals(Frames.EMPTY_FRAME, Frames.encode(""));
    }

    @Test
    void sizeDigitsGrowEveryFourBits() {
        assertEquals(1, Frames.sizeDigits(0));
        assertEquals(1, Frames.sizeDigits(15));
        assertEquals(2, Frames.sizeDigits(16));
        assertEquals(2, Frames.sizeDigits(255));
        assertEquals(3, Frames.sizeDigits(256));
        assertEquals(4, Frames.sizeDigits(65_502));
    }
}
