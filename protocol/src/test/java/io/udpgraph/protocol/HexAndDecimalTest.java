package io.udpgraph.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HexAndDecimalTest {

    static ByteBuffer bytes(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void hexDigitsReadInEitherCase() {
        assertEquals(0xab, Hex.read(bytes("aB"), 0, 2));
    }

    @Test
    void aNonHexDigitReadsAsMinusOne() {
        assertEquals(-1, Hex.read(bytes("1g"), 0, 2));
        assertEquals(-1, Hex.value('g'));
    }

    @Test
    void everyByteAndIntHasTheDigitValueOfItsCharacterOrMinusOne() {
        for (int b = -300; b < 70_000; b++) {
            int expected = b >= 0 && b < 128 ? Character.digit(b, 16) : -1;
            assertEquals(expected, Hex.value(b), "value of " + b);
        }
        for (byte b = Byte.MIN_VALUE; b < 0; b++) {
            assertEquals(-1, Hex.value(b), "a negative byte " + b);
        }
    }

    @Test
    void hexIsWrittenLowercaseWithTheDigitsAsked() {
        ByteBuffer b = ByteBuffer.allocate(8);
        Hex.write(0x8b069426L, 8, b);
        assertEquals("8b069426", new String(b.array(), StandardCharsets.US_ASCII));
    }

    @Test
    void decimalsRoundTrip() {
        ByteBuffer b = ByteBuffer.allocate(20);
        Decimal.write(43_200_000L, b);
        assertEquals(Decimal.length(43_200_000L), b.position());
        assertEquals(43_200_000L, Decimal.read(b, 0, b.position()));
    }

    @Test
    void theLengthOfADecimalGrowsAtEveryPowerOfTen() {
        assertEquals(1, Decimal.length(0));
        assertEquals(1, Decimal.length(9));
        assertEquals(2, Decimal.length(10));
        assertEquals(18, Decimal.length(999_999_999_999_999_999L));
        assertEquals(19, Decimal.length(1_000_000_000_000_000_000L));
        assertEquals(19, Decimal.length(Long.MAX_VALUE));
        assertEquals(20, Decimal.length(Long.MIN_VALUE));
    }

    @Test
    void aNegativeDecimalIsWrittenWithItsSign() {
        ByteBuffer b = ByteBuffer.allocate(20);
        Decimal.write(-12, b);
        assertEquals("-12", new String(b.array(), 0, b.position(), StandardCharsets.US_ASCII));
        assertEquals(3, Decimal.length(-12));
    }

    @Test
    void aDecimalOfMoreThan18DigitsOrNoneReadsAsMinusOne() {
        assertEquals(-1, Decimal.read(bytes("1234567890123456789"), 0, 19));
        assertEquals(-1, Decimal.read(bytes(""), 0, 0));
        assertEquals(-1, Decimal.read(bytes("1x"), 0, 2));
    }

    @Test
    void sixteenDigitsAreWrittenAsOneDigitAtATimeWouldInEitherByteOrder() {
        java.util.Random random = new java.util.Random(16);
        for (int i = 0; i < 10_000; i++) {
            long v = i < 3 ? new long[] {0, -1, 0x0123456789abcdefL}[i] : random.nextLong();
            ByteBuffer expected = ByteBuffer.allocate(16);
            Hex.write(v, 16, expected);
            for (java.nio.ByteOrder order : new java.nio.ByteOrder[] {java.nio.ByteOrder.BIG_ENDIAN,
                    java.nio.ByteOrder.LITTLE_ENDIAN}) {
                ByteBuffer b = ByteBuffer.allocate(18).order(order).put((byte) 'x');
                Hex.write16(v, b);
                assertEquals(17, b.position());
                assertEquals(new String(expected.array(), StandardCharsets.US_ASCII),
                        new String(b.array(), 1, 16, StandardCharsets.US_ASCII), Long.toHexString(v));
                assertEquals(v >>> 32, Hex.read8(b, 1));
                assertEquals(v & 0xffff_ffffL, Hex.read8(b, 9));
            }
        }
    }

    @Test
    void eightDigitsReadInEitherCaseAndAnyOtherByteAnywhereReadsAsMinusOne() {
        assertEquals(0xabcdef09L, Hex.read8(bytes("aBcDeF09"), 0));
        for (int at = 0; at < 8; at++) {
            for (int b = 0; b < 256; b++) {
                byte[] digits = "01234567".getBytes(StandardCharsets.US_ASCII);
                digits[at] = (byte) b;
                long expected = Character.digit(b, 16) >= 0 && b < 128 ? Hex.read(ByteBuffer.wrap(digits), 0, 8) : -1;
                assertEquals(expected, Hex.read8(ByteBuffer.wrap(digits), 0), "byte " + b + " at " + at);
            }
        }
    }

    /** The decimal as a digit-by-digit reader sees it: -1 for none, too many, or anything but digits. */
    private static long digitByDigit(String s) {
        if (s.isEmpty() || s.length() > Decimal.MAX_DIGITS || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return -1;
        }
        return Long.parseLong(s);
    }

    @Test
    void decimalsOfEveryLengthReadAsDigitByDigitWouldAtAnyPlaceInEitherByteOrder() {
        java.util.Random random = new java.util.Random(10);
        for (int i = 0; i < 20_000; i++) {
            int length = 1 + random.nextInt(Decimal.MAX_DIGITS + 1);
            StringBuilder number = new StringBuilder();
            for (int k = 0; k < length; k++) {
                number.append((char) ('0' + random.nextInt(10)));
            }
            int before = random.nextInt(12);
            String text = "9.:/".repeat(3).substring(0, before) + number + " 12";
            for (java.nio.ByteOrder order : new java.nio.ByteOrder[] {java.nio.ByteOrder.BIG_ENDIAN,
                    java.nio.ByteOrder.LITTLE_ENDIAN}) {
                ByteBuffer b = ByteBuffer.allocateDirect(text.length()).order(order)
                        .put(text.getBytes(StandardCharsets.US_ASCII));
                assertEquals(digitByDigit(number.toString()), Decimal.read(b, before, before + length),
                        number + " after " + before + " bytes, " + order);
            }
        }
    }

    @Test
    void aDecimalWithAnyOtherByteAnywhereReadsAsMinusOne() {
        for (String digits : new String[] {"7", "4096", "12345678", "123456789012", "999999999999999999"}) {
            for (int at = 0; at < digits.length(); at++) {
                for (int b = 0; b < 256; b++) {
                    byte[] bytes = ("xxxxxxxx" + digits).getBytes(StandardCharsets.US_ASCII);
                    bytes[8 + at] = (byte) b;
                    String changed = new String(bytes, 8, digits.length(), StandardCharsets.ISO_8859_1);
                    assertEquals(digitByDigit(changed), Decimal.read(ByteBuffer.wrap(bytes), 8, bytes.length),
                            "byte " + b + " at " + at + " of " + digits);
                }
            }
        }
    }
}
