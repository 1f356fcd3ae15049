package io.udpgraph.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** U32 framing: the seed's Wallaroo feed example, verbatim. */
class U32CodecTest extends FrameCodecContract {
    @Override
    Framing framing() {
        return Framing.U32;
    }

    @Override
    String seedMessage() {
        return "hello world";
    }

    @Override
    byte[] seedFrame() {
        return bytes("\u0000\u0000\u0000\u000bhello world");
    }

    @Override
    byte[] malformedHeader() {
        return new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff};
    }

    @Test
    void aLengthWithTheTopBitSetIsReadUnsignedAndRefused() {
        FrameCodec codec = Framing.U32.codec(Integer.MAX_VALUE - 4);
        ByteBuffer b = ByteBuffer.wrap(new byte[] {(byte) 0x80, 0, 0, 0});
        try {
            codec.scan(b, 0, 4, new FrameSpan());
        } catch (MalformedFrameException e) {
            assertEquals(true, e.getMessage().contains("2147483648"), e.getMessage());
            return;
        }
        throw new AssertionError("a 2 GiB length was taken");
    }
}
