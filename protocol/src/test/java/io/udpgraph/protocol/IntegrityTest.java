package io.udpgraph.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class IntegrityTest {

    private static ByteBuffer bytes(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void wrapPrefixesTheCrc32cOfTheText() {
        // CRC32C (Castagnoli) of "PUT:hello", the example in docs/PROTOCOL.md
        assertEquals("~8b069426~PUT:hello", Integrity.wrap("PUT:hello"));
    }

    @Test
    void checkValueOfCrc32cIsTheStandardOne() {
        assertEquals(0xe3069283, Integrity.crc32c(bytes("123456789")));
    }

    @Test
    void unwrapReturnsTheInnerText() throws Exception {
        ByteBuffer inner = Integrity.unwrap(bytes("~8b069426~PUT:hello"));
        assertEquals("PUT:hello", StandardCharsets.UTF_8.decode(inner).toString());
    }

    @Test
    void aChangedTextFailsItsChecksum() {
        Integrity.ChecksumMismatchException e = assertThrows(Integrity.ChecksumMismatchException.class,
                () -> Integrity.unwrap(bytes("~8b069426~PUT:hellp")));
        assertTrue(e.getMessage().contains("declared 8b069426"), e.getMessage());
    }

    @Test
    void aChangedChecksumDigitFails() {
        assertThrows(Integrity.ChecksumMismatchException.class, () -> Integrity.unwrap(bytes("~8b069427~PUT:hello")));
    }

    @Test
    void aNonHexChecksumFails() {
        assertThrows(Integrity.ChecksumMismatchException.class, () -> Integrity.unwrap(bytes("~8b0694z6~PUT:hello")));
    }

    @Test
    void classicCommandsAreNotWrapped() {
        assertFalse(Integrity.isWrapped(bytes("PUT:hello")));
        assertFalse(Integrity.isWrapped(bytes("~short~")));
        assertTrue(Integrity.isWrapped(bytes("~00000000~")));
    }

    @Test
    void theEmptyTextWrapsAndUnwraps() throws Exception {
        String wrapped = Integrity.wrap("");
        assertEquals(Integrity.PREFIX_BYTES, wrapped.length());
        assertEquals(0, Integrity.unwrap(bytes(wrapped)).remaining());
    }
}
