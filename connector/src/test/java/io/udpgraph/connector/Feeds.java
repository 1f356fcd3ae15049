package io.udpgraph.connector;

import io.udpgraph.protocol.MqClient;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Test helpers: u32 feeds over real sockets, and draining a queue node. */
final class Feeds {
    private Feeds() {
    }

    /** The messages u32-framed back to back. */
    static byte[] u32(List<String> messages) {
        FrameCodec codec = Framing.U32.codec(Integer.MAX_VALUE - 4);
        int n = 0;
        for (String m : messages) {
            n += codec.framedLength(m.getBytes(StandardCharsets.UTF_8).length);
        }
        ByteBuffer out = ByteBuffer.allocate(n);
        for (String m : messages) {
            codec.encode(m.getBytes(StandardCharsets.UTF_8), out);
        }
        return out.array();
    }

    /** An inbound stream numbered {@code id} that has read the messages, u32-framed, into its 1 MiB buffer. */
    static InboundStream u32Stream(long id, List<String> messages) throws IOException {
        InboundStream in = new InboundStream(id, 1 << 20);
        in.readFrom(new ChunkedChannel(u32(messages)));
        return in;
    }

    /** {@code prefix-0 … prefix-(n-1)}. */
    static List<String> numbered(String prefix, int n) {
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(prefix + "-" + i);
        }
        return out;
    }

    /** Connects to {@code at} and writes {@code bytes}, then closes. */
    static void send(InetSocketAddress at, byte[] bytes) throws IOException {
        try (Socket s = new Socket(at.getAddress(), at.getPort())) {
            OutputStream out = s.getOutputStream();
            out.write(bytes);
            out.flush();
        }
    }

    /** Takes messages from the node until {@code n} came or nothing came for two seconds. */
    static List<String> drain(InetSocketAddress node, int n) throws IOException {
        List<String> out = new ArrayList<>(n);
        try (MqClient c = MqClient.connect(node)) {
            long quietSince = System.nanoTime();
            while (out.size() < n && System.nanoTime() - quietSince < Duration.ofSeconds(2).toNanos()) {
                List<byte[]> got = c.get(1000, Duration.ofMillis(100));
                for (byte[] b : got) {
                    out.add(new String(b, StandardCharsets.UTF_8));
                }
                if (!got.isEmpty()) {
                    quietSince = System.nanoTime();
                }
            }
        }
        return out;
    }
}
