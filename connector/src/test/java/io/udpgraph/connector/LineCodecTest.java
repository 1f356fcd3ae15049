package io.udpgraph.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** LINE framing: what nc and a terminal send, LF or CRLF. */
class LineCodecTest extends FrameCodecContract {
    @Override
    Framing framing() {
        return Framing.LINE;
    }

    @Override
    String seedMessage() {
        return "hello world";
    }

    @Override
    byte[] seedFrame() {
        return bytes("hello world\n");
    }

    @Override
    byte[] malformedHeader() {
        return bytes("z".repeat(MAX + 2));
    }

    @Test
    void crlfEndsALineAndTheCrIsNotPartOfTheMessage() throws IOException {
        assertEquals(List.of("hello world", "1010", "lorem ipsum"),
                decode(bytes("hello world\r\n1010\nlorem ipsum\r\n"), 12));
    }

    @Test
    void aLineOfTheMaximumSizeEndedByCrlfIsAccepted() throws IOException {
        String longest = "m".repeat(MAX);
        assertEquals(List.of(longest), decode(bytes(longest + "\r\n"), MAX + 1));
    }
}
