package io.udpgraph.protocol;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;

/**
 * Coverage-guided fuzzing of what reads a stranger's bytes: the streaming frame decoder and the request reader.
 * Neither may throw anything but its typed error, and every error detail stays short and printable, so an ERR
 * carries no sender's bytes. A short run in every build; {@code scripts/fuzz --duration 10m} runs it long.
 */
public class WireFuzzTest {

    @FuzzTest(maxDuration = "2s")
    void framesAndRequestsFromAnyBytesFailOnlyWithTypedShortErrors(byte[] data) {
        fuzzerTestOneInput(data);
    }

    /** The target, also for Jazzer's own driver (scripts/fuzz). */
    public static void fuzzerTestOneInput(byte[] data) {
        StreamingFrameDecoder decoder = new StreamingFrameDecoder();
        try {
            int half = data.length / 2;
            decoder.feed(data, 0, half, text -> { });
            decoder.feed(data, half, data.length - half, text -> { });
            decoder.finish();
        } catch (FrameException expected) {
            // a typed refusal is the point
        }
        RequestReader r = new RequestReader();
        r.reset(ByteBuffer.wrap(data));
        if (r.refusal() != null) {
            checkDetail(r.refusal(), r.refusalDetail());
            return;
        }
        while (r.hasNext()) {
            r.next();
            if (r.error() != null) {
                checkDetail(r.error(), r.errorDetail());
            }
        }
    }

    private static void checkDetail(ErrorReason reason, String detail) {
        byte[] err = ReplyWriter.errorBytes(reason, detail, 61);
        assertTrue(err.length <= 61, "an ERR text of " + err.length + " bytes");
        for (byte b : err) {
            assertTrue(b >= 0x20 || b < 0, "an ERR carries control byte " + b + ": " + new String(err));
        }
    }
}
