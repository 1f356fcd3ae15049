package io.udpgraph.worker;

import io.udpgraph.protocol.HostPort;
import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.Objects;

/**
 * Where a worker publishes: a queue node (each result PUT as one message) or a raw UDP sink (each
 * result's UTF-8 bytes sent as one datagram, unframed, as stream-py's {@code socket} output did).
 * On the command line a queue is {@code HOST:PORT} and a sink {@code udp://HOST:PORT}.
 */
public record Output(Kind kind, InetSocketAddress address) {

    /** The two kinds of output. */
    public enum Kind {
        /** A queue node: results are PUT and the node acknowledges them. */
        QUEUE,
        /** A raw UDP sink: results are sent as datagrams and nobody acknowledges them. */
        UDP
    }

    public Output {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(address, "address");
    }

    /** A queue node output. */
    public static Output queue(InetSocketAddress address) {
        return new Output(Kind.QUEUE, address);
    }

    /** A raw UDP sink output. */
    public static Output udp(InetSocketAddress address) {
        return new Output(Kind.UDP, address);
    }

    /** Parses {@code HOST:PORT} (a queue) or {@code udp://HOST:PORT} (a sink); the error shows both forms. */
    public static Output parse(String text) {
        String s = text == null ? "" : text.strip();
        boolean udp = s.toLowerCase(Locale.ROOT).startsWith("udp://");
        if (!udp && s.contains("://")) {
            throw new IllegalArgumentException("expected HOST:PORT for a queue node or udp://HOST:PORT for a raw UDP sink, "
                    + "e.g. 127.0.0.1:10001 — got '" + text + "'");
        }
        HostPort hp = HostPort.parse(udp ? s.substring("udp://".length()) : s);
        InetSocketAddress address = hp.toSocketAddress();
        if (address.isUnresolved()) {
            throw new IllegalArgumentException("cannot resolve host '" + hp.host() + "' in '" + text + "'");
        }
        return new Output(udp ? Kind.UDP : Kind.QUEUE, address);
    }

    @Override
    public String toString() {
        String hp = HostPort.of(address).toString();
        return kind == Kind.UDP ? "udp://" + hp : hp;
    }
}
