package io.udpgraph.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class Utf8Test {

    private static boolean jdkAccepts(byte[] b) {
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(b));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    @Test
    void validatorAgreesWithTheJdkDecoderOnRandomBytes() {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 200_000; i++) {
            byte[] b = new byte[1 + random.nextInt(6)];
            for (int k = 0; k < b.length; k++) {
                // bias towards the interesting lead and continuation ranges
                b[k] = (byte) (random.nextBoolean() ? 0x80 + random.nextInt(0x80) : random.nextInt(256));
            }
            boolean ours = Utf8.firstInvalid(ByteBuffer.wrap(b), 0, b.length) < 0;
            assertEquals(jdkAccepts(b), ours, () -> java.util.HexFormat.of().formatHex(b));
        }
    }

    @Test
    void validatorAcceptsEveryCodePointTheJdkEncodes() {
        for (int cp = 0; cp <= 0x10ffff; cp += 17) {
            if (cp >= 0xd800 && cp <= 0xdfff) {
                continue;
            }
            byte[] b = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
            assertEquals(-1, Utf8.firstInvalid(ByteBuffer.wrap(b), 0, b.length), "U+" + Integer.toHexString(cp));
        }
    }

    @Test
    void reportsTheOffsetOfTheFirstBadByteWithinTheRange() {
        byte[] b = {'x', 'a', 'b', (byte) 0x80, 'c'};
        assertEquals(2, Utf8.firstInvalid(ByteBuffer.wrap(b), 1, 4));
    }

    @Test
    void aBadByteInsideLongAsciiRunsIsFoundAtEveryAlignment() {
        for (int length = 1; length <= 40; length++) {
            for (int bad = 0; bad < length; bad++) {
                for (int from = 0; from < 9; from++) {
                    byte[] b = new byte[from + length + 3];
                    java.util.Arrays.fill(b, (byte) 'a');
                    b[from + bad] = (byte) 0xff;
                    assertEquals(bad, Utf8.firstInvalid(ByteBuffer.wrap(b), from, length),
                            "length " + length + ", bad byte at " + bad + ", from " + from);
                    // the same run in a direct buffer, where the eight-byte reads are native
                    ByteBuffer direct = ByteBuffer.allocateDirect(b.length).put(b).flip();
                    assertEquals(bad, Utf8.firstInvalid(direct, from, length));
                }
            }
        }
    }

    @Test
    void multiByteCharactersBetweenAsciiRunsAreCheckedAtEveryAlignment() {
        String[] chars = {"é", "€", "\uD835\uDC07"};
        for (String c : chars) {
            for (int before = 0; before < 20; before++) {
                String text = "a".repeat(before) + c + "b".repeat(17) + c;
                byte[] ok = text.getBytes(StandardCharsets.UTF_8);
                assertEquals(-1, Utf8.firstInvalid(ByteBuffer.wrap(ok), 0, ok.length), text);
                // cut the last character short: the check must stop at its lead byte, not skip past it
                int lead = ok.length - c.getBytes(StandardCharsets.UTF_8).length;
                assertEquals(lead, Utf8.firstInvalid(ByteBuffer.wrap(ok), 0, ok.length - 1), text);
            }
        }
    }

    @Test
    void anAsciiRunNeverReadsPastTheRangeEnd() {
        byte[] b = "abcdefgh".getBytes(StandardCharsets.US_ASCII);
        byte[] withBadTail = java.util.Arrays.copyOf(b, 16);
        java.util.Arrays.fill(withBadTail, 8, 16, (byte) 0xff);
        assertEquals(-1, Utf8.firstInvalid(ByteBuffer.wrap(withBadTail), 0, 8));
        assertEquals(-1, Utf8.firstInvalid(ByteBuffer.wrap(withBadTail), 1, 7));
    }
}
