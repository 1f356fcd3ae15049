package io.udpgraph.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** LHHTTT framing: the classic protocol's own vectors, on a stream. */
class LhhtttCodecTest extends FrameCodecContract {
    @Override
    Framing framing() {
        return Framing.LHHTTT;
    }

    @Override
    String seedMessage() {
        return "Hello world";
    }

    @Override
    byte[] seedFrame() {
        return bytes("1bHello world");
    }

    @Override
    byte[] malformedHeader() {
        return bytes("0");
    }

    @Test
    void upperCaseDigitsAndLeadingZerosAreRead() throws IOException {
        assertEquals(List.of("abcdefghijklmnopqrstuvwxyz", "", "PUT:Lorem Ipsum"),
                decode(bytes("21aabcdefghijklmnopqrstuvwxyz10" + "3" + "00F" + "PUT:Lorem Ipsum")));
    }

    @Test
    void aNonHexLengthIsMalformed() {
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> decode(bytes("2zzabc")));
        assertEquals(true, e.getMessage().contains("hex"), e.getMessage());
    }
}
