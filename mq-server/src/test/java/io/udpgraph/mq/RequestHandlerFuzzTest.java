package io.udpgraph.mq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.udpgraph.protocol.FrameException;
import io.udpgraph.protocol.Frames;
import io.udpgraph.protocol.RequestReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Coverage-guided fuzzing of the request path of a queue node, without sockets: any datagram gets one reply unit
 * per command (or one refusal), never an internal error, and an error reply never outgrows its budget. A short
 * run in every build; {@code scripts/fuzz --duration 10m} runs it long.
 */
public class RequestHandlerFuzzTest {
    private static final InetSocketAddress CLIENT = new InetSocketAddress("127.0.0.1", 9);
    private static final Handler HANDLER = new Handler();

    @FuzzTest(maxDuration = "2s")
    void anyDatagramGetsOneReplyPerCommandAndNoInternalError(byte[] data) {
        fuzzerTestOneInput(data);
    }

    /** The target, also for Jazzer's own driver (scripts/fuzz). */
    public static void fuzzerTestOneInput(byte[] data) {
        HANDLER.serve(data);
    }

    /** A node's request path on an in-memory store, reused across inputs as a node reuses it across datagrams. */
    private static final class Handler {
        private final RequestHandler handler;
        private final RequestReader commands = new RequestReader();
        private final DatagramChannel channel;

        Handler() {
            handler = new InMemoryRequestPath(QueueConfig.defaults().capacityMessages(1000).capacityBytes(1 << 20),
                    "fuzz", new LeaseTokens(1, 2)).handler;
            try {
                channel = DatagramChannel.open(); // a parked poll served at once answers on it, to the discard port
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        void serve(byte[] data) {
            if (!handler.handle(ByteBuffer.wrap(data), CLIENT, channel)) {
                return; // parked: answered later, within the bounds of LongPolls
            }
            ByteBuffer reply = handler.reply().flip();
            byte[] out = new byte[reply.remaining()];
            reply.get(out);
            commands.reset(ByteBuffer.wrap(data));
            List<String> frames;
            try {
                frames = Frames.decodeAllText(out);
            } catch (FrameException e) {
                throw new AssertionError("the node wrote a reply it cannot read back: " + e.getMessage(), e);
            }
            int expected = commands.refusal() != null ? 1 : commands.commands();
            assertEquals(expected, frames.size(), "reply units for " + new String(data, StandardCharsets.ISO_8859_1));
            int errorBytes = 0;
            for (String f : frames) {
                String text = f.startsWith("~") && f.length() > 10 ? f.substring(10) : f;
                assertFalse(text.startsWith("ERR internal"), text);
                if (text.startsWith("ERR ")) {
                    errorBytes += Frames.encode(f).length;
                }
            }
            int reasonsOnly = frames.size() * 40;
            assertTrue(errorBytes <= Math.max(64, 2 * data.length) + reasonsOnly, "error bytes " + errorBytes);
        }
    }
}
