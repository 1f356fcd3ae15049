package io.udpgraph.mq;

import io.udpgraph.protocol.FrameException;
import io.udpgraph.protocol.Frames;
import io.udpgraph.protocol.MqClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Raw datagrams for tests: what goes on the wire, byte for byte. */
final class Wire {
    private Wire() {
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    /** Sends a datagram as given and returns the reply datagram as text (frames and all). */
    static String exchange(MqClient client, String datagram) throws IOException {
        return text(client.sendRaw(bytes(datagram)));
    }

    /** Sends raw bytes and returns the reply's frame texts. */
    static List<String> replies(MqClient client, byte[] datagram) throws IOException, FrameException {
        return Frames.decodeAllText(client.sendRaw(datagram));
    }

    /** Sends one framed command and returns the single reply frame's text. */
    static String one(MqClient client, String command) throws IOException, FrameException {
        return Frames.decodeText(client.sendRaw(Frames.encode(command)));
    }
}
