package io.udpgraph.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** LEN10 framing: the socket tutorial's fixed 10-character header, with its printed frames verbatim. */
class Len10CodecTest extends FrameCodecContract {
    @Override
    Framing framing() {
        return Framing.LEN10;
    }

    @Override
    String seedMessage() {
        return "The time is 1552068338.0437";
    }

    @Override
    byte[] seedFrame() {
        return bytes("27        The time is 1552068338.0437");
    }

    @Override
    byte[] malformedHeader() {
        return bytes("2x        ");
    }

    @Test
    void theTutorialsServerStreamDecodesMessageByMessage() throws IOException {
        byte[] stream = bytes("22        Welcome to the server!30        The time is 1552068335.0402749"
                + "29        The time is 1552068341.043971");
        assertEquals(List.of("Welcome to the server!", "The time is 1552068335.0402749",
                "The time is 1552068341.043971"), decode(stream, 16, 32));
    }

    @Test
    void leadingSpacesAreReadAsPythonsIntReadsThem() throws IOException {
        assertEquals(List.of("abc"), decode(bytes("    3     abc")));
    }

    @Test
    void anAllSpaceHeaderIsMalformed() {
        assertEquals(-1, decodeFailure(bytes("          ")));
    }

    private int decodeFailure(byte[] stream) {
        try {
            decode(stream);
            return 0;
        } catch (IllegalStateException | IOException e) {
            return -1;
        }
    }
}
