package io.udpgraph.bench;

import io.udpgraph.protocol.Frames;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * What each client of the load generator sends, request after request: a fixed datagram ({@link Kind#ECHO}),
 * {@code PUT} and {@code GET} in turn ({@link Kind#PUT_GET}), or a batch of {@code PUT}s and then one
 * {@code GET:<n>} ({@link Kind#BATCH}). Immutable; the request datagrams are built once.
 *
 * @param kind         the request pattern
 * @param messageBytes bytes of each message's text (ASCII, so bytes and characters agree)
 * @param batch        messages per datagram in {@link Kind#BATCH}; 1 otherwise
 */
public record Workload(Kind kind, int messageBytes, int batch) {
    /** The request patterns. */
    public enum Kind {
        /** The same PUT datagram every time; meant for an echo server, which sends it back. */
        ECHO,
        /** {@code PUT:<message>}, then {@code GET}, then PUT again: each request one message. */
        PUT_GET,
        /** {@code batch} PUT frames in one datagram, then {@code GET:<batch>}: each request {@code batch} messages. */
        BATCH;

        /** Parses {@code echo}, {@code put-get} or {@code batch}, in any case. */
        public static Kind parse(String s) {
            return switch (s.toLowerCase(Locale.ROOT)) {
                case "echo" -> ECHO;
                case "put-get", "putget" -> PUT_GET;
                case "batch" -> BATCH;
                default -> throw new IllegalArgumentException("unknown workload '" + s + "': expected echo, put-get or batch");
            };
        }
    }

    public Workload {
        if (messageBytes < 0 || messageBytes > 60_000) {
            throw new IllegalArgumentException("message size must be 0-60000 bytes, got " + messageBytes);
        }
        if (batch < 1) {
            throw new IllegalArgumentException("batch must be at least 1, got " + batch);
        }
        if (kind != Kind.BATCH && batch != 1) {
            batch = 1;
        }
        if (kind == Kind.BATCH && (long) batch * Frames.frameLength(messageBytes + 4) > Frames.MAX_DATAGRAM_BYTES) {
            throw new IllegalArgumentException(batch + " PUT frames of " + messageBytes
                    + "-byte messages do not fit one datagram; use a smaller --batch");
        }
    }

    /** A workload of the given kind, 100-byte messages and (for batches) 100 messages per datagram. */
    public static Workload of(Kind kind) {
        return new Workload(kind, 100, kind == Kind.BATCH ? 100 : 1);
    }

    /** The message text every PUT carries: {@code messageBytes} ASCII letters. */
    byte[] message() {
        byte[] m = new byte[messageBytes];
        Arrays.fill(m, (byte) 'x');
        return m;
    }

    /** The {@code PUT} datagram: one frame, or {@code batch} frames back to back. */
    byte[] putDatagram() {
        byte[] text = new byte[4 + messageBytes];
        System.arraycopy("PUT:".getBytes(StandardCharsets.US_ASCII), 0, text, 0, 4);
        System.arraycopy(message(), 0, text, 4, messageBytes);
        byte[] frame = Frames.encode(text);
        ByteBuffer out = ByteBuffer.allocate(frame.length * batch);
        for (int i = 0; i < batch; i++) {
            out.put(frame);
        }
        return out.array();
    }

    /** The {@code GET} datagram: {@code GET}, or {@code GET:<batch>} for batches. */
    byte[] getDatagram() {
        return Frames.encode(kind == Kind.BATCH ? "GET:" + batch : "GET");
    }

    /** The requests a client sends in turn, starting with the first. */
    byte[][] requests() {
        return switch (kind) {
            case ECHO -> new byte[][] {putDatagram()};
            case PUT_GET, BATCH -> new byte[][] {putDatagram(), getDatagram()};
        };
    }

    @Override
    public String toString() {
        String name = kind.name().toLowerCase(Locale.ROOT).replace('_', '-');
        return kind == Kind.BATCH ? name + " of " + batch + " x " + messageBytes + " B" : name + " " + messageBytes + " B";
    }
}
