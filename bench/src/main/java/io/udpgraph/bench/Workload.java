package io.udpgraph.bench;

import io.udpgraph.protocol.ProtocolLimits;
import io.udpgraph.protocol.RequestWriter;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * What each client of the load generator sends, request after request: a fixed datagram ({@link Kind#ECHO}),
 * {@code PUT} and {@code GET} in turn ({@link Kind#PUT_GET}), or a batch of {@code PUT}s and then one
 * {@code GET:<n>} ({@link Kind#BATCH}). Immutable; the request datagrams are built once, by the protocol's
 * {@link RequestWriter}.
 *
 * @param kind         the request pattern
 * @param messageBytes bytes of each message's text (ASCII, so bytes and characters agree)
 * @param batch        messages per datagram in {@link Kind#BATCH} (at most
 *                     {@value ProtocolLimits#MAX_BATCH_COMMANDS}, the commands a node takes in one datagram); 1
 *                     otherwise
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
        if (batch > ProtocolLimits.MAX_BATCH_COMMANDS) {
            throw new IllegalArgumentException("a node takes at most " + ProtocolLimits.MAX_BATCH_COMMANDS
                    + " commands per datagram, so --batch must be 1-" + ProtocolLimits.MAX_BATCH_COMMANDS
                    + ", got " + batch);
        }
        if (kind == Kind.BATCH
                && (long) batch * RequestWriter.sizeOfPut(messageBytes, false) > ProtocolLimits.MAX_DATAGRAM_BYTES) {
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
        return puts(message(), batch);
    }

    /** A datagram of {@code count} {@code PUT:<message>} frames back to back. */
    private static byte[] puts(byte[] message, int count) {
        return datagram(out -> {
            for (int i = 0; i < count; i++) {
                out.put(message);
            }
        });
    }

    /** The {@code GET} datagram: {@code GET}, or {@code GET:<batch>} for batches. */
    byte[] getDatagram() {
        return kind == Kind.BATCH ? datagram(out -> out.get(batch)) : datagram(RequestWriter::get);
    }

    private static byte[] datagram(Consumer<RequestWriter> requests) {
        ByteBuffer buf = ByteBuffer.allocate(ProtocolLimits.MAX_DATAGRAM_BYTES);
        requests.accept(new RequestWriter(buf));
        return Arrays.copyOf(buf.array(), buf.position());
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
