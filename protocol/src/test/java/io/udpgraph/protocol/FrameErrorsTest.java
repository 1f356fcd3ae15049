package io.udpgraph.protocol;

import static io.udpgraph.protocol.SeedVectors.ascii;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** Each class of malformed input is refused with its own error and a message a user can act on. */
class FrameErrorsTest {

    private static FrameException refuse(byte[] datagram) {
        return assertThrows(FrameException.class, () -> Frames.decodeAll(ByteBuffer.wrap(datagram)));
    }

    @Test
    void emptyDatagramIsRefused() {
        FrameException e = refuse(new byte[0]);
        assertEquals(FrameError.EMPTY_DATAGRAM, e.error());
        assertEquals(ErrorReason.MALFORMED, e.reason());
    }

    @Test
    void lengthDigitZeroIsRefused() {
        assertEquals(FrameError.BAD_LENGTH_DIGIT, refuse(ascii("0GET")).error());
    }

    @Test
    void lengthDigitThatIsNotHexIsRefused() {
        FrameException e = refuse(ascii("g3GET"));
        assertEquals(FrameError.BAD_LENGTH_DIGIT, e.error());
        assertTrue(e.getMessage().contains("'g'"), e.getMessage());
    }

    @Test
    void sizeWithAPlusSignIsRefused() {
        assertEquals(FrameError.BAD_SIZE_DIGIT, refuse(ascii("2+3GET")).error());
    }

    @Test
    void sizeWithAnXIsRefused() {
        assertEquals(FrameError.BAD_SIZE_DIGIT, refuse(ascii("20x3GET")).error());
    }

    @Test
    void sizeWithASpaceIsRefused() {
        FrameException e = refuse(ascii("2 3GET"));
        assertEquals(FrameError.BAD_SIZE_DIGIT, e.error());
        assertTrue(e.getMessage().contains("0x20"), e.getMessage());
    }

    @Test
    void declaredLengthBeyondTheDataIsRefusedWithBothNumbers() {
        FrameException e = refuse(ascii("1fGETX"));
        assertEquals(FrameError.TRUNCATED, e.error());
        assertEquals("declared length 0xf exceeds 4 remaining bytes", e.getMessage());
    }

    @Test
    void sizeDigitsCutShortAreRefused() {
        assertEquals(FrameError.TRUNCATED, refuse(ascii("3a")).error());
    }

    @Test
    void trailingBytesThatDoNotFormAFrameAreRefused() {
        FrameException e = refuse(ascii("13GETxyz"));
        assertEquals(FrameError.TRAILING_BYTES, e.error());
        assertTrue(e.getMessage().startsWith("3 bytes after frame 1"), e.getMessage());
    }

    @Test
    void aTruncatedSecondFrameIsTrailingBytes() {
        assertEquals(FrameError.TRAILING_BYTES, refuse(ascii("13GET15PUT")).error());
    }

    @Test
    void textThatIsNotUtf8IsRefused() {
        byte[] datagram = {'1', '3', 'a', (byte) 0xff, 'b'};
        FrameException e = refuse(datagram);
        assertEquals(FrameError.INVALID_UTF8, e.error());
        assertTrue(e.getMessage().contains("byte 1"), e.getMessage());
    }

    @Test
    void anOverlongUtf8EncodingIsRefused() {
        byte[] datagram = {'1', '2', (byte) 0xc0, (byte) 0xaf};
        assertEquals(FrameError.INVALID_UTF8, refuse(datagram).error());
    }

    @Test
    void anEncodedSurrogateIsRefused() {
        byte[] datagram = {'1', '3', (byte) 0xed, (byte) 0xa0, (byte) 0x80};
        assertEquals(FrameError.INVALID_UTF8, refuse(datagram).error());
    }

    @Test
    void aDatagramOverTheUdpLimitIsRefusedAsTooLarge() {
        byte[] datagram = new byte[Frames.MAX_DATAGRAM_BYTES + 1];
        FrameException e = refuse(datagram);
        assertEquals(FrameError.TOO_LARGE, e.error());
        assertEquals(ErrorReason.TOO_LARGE, e.reason());
    }

    @Test
    void decodeTextRefusesABatch() {
        FrameException e = assertThrows(FrameException.class, () -> Frames.decodeText(ascii("13GET13GET")));
        assertEquals(FrameError.TRAILING_BYTES, e.error());
    }
}
